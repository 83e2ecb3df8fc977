package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** The login URLs: back to {@code /go/{id}} for readers, back to {@code /admin/} for the dashboard. */
class LoginRedirectTest {
  private static LoginRedirect login(String publicBaseUrl, String loginUrl) {
    return new LoginRedirect(TestGateway.with("http.publicBaseUrl", publicBaseUrl)
        .with("session.loginUrl", loginUrl).config());
  }

  @Test
  void toDashboard_plainLoginUrl_returnsToAdminSlash() {
    assertEquals("https://example.com/login?return_to=https%3A%2F%2Fgo.example.com%2Fadmin%2F",
        login("https://go.example.com", "https://example.com/login").toDashboard());
  }

  @Test
  void toDashboard_existingReturnToAndFragment_replacedAndKept() {
    assertEquals("https://example.com/login?next=1&return_to=https%3A%2F%2Fgo.example.com%2Fadmin%2F#top",
        login("https://go.example.com", "https://example.com/login?next=1&return_to=old#top").toDashboard());
  }

  @Test
  void toDashboard_pathPrefix_keptInTarget() {
    assertEquals("https://example.com/login?return_to=https%3A%2F%2Fexample.com%2Flinks%2Fadmin%2F",
        login("https://example.com/links", "https://example.com/login").toDashboard());
  }

  @Test
  void to_articleStillReturnsToGo() {
    LoginRedirect login = login("https://go.example.com", "https://example.com/login");
    assertEquals("https://example.com/login?return_to=https%3A%2F%2Fgo.example.com%2Fgo%2Fa1", login.to("a1"));
  }
}
