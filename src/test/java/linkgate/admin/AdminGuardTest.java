package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cross-site request forgery rule of {@link AdminGuard}, as the contract words it: a
 * state-changing admin request allowed only by the session cookie needs {@code Origin} equal to the
 * public origin, and nothing more; reads, Bearer and API-key requests need no {@code Origin}.
 */
class AdminGuardTest {
  private static final String ORIGIN = "https://go.example.com";
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    gw.putArticle("a1", "https://example.org/1", "First");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<Buffer> patch(String... headers) {
    HttpRequest<Buffer> r = gw.request(HttpMethod.PATCH, "/admin/api/articles/a1")
        .putHeader("Content-Type", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.putHeader(headers[i], headers[i + 1]);
    }
    return TestGateway.send(r, Buffer.buffer("{\"title\": \"First\"}"));
  }

  private static String adminCookie() {
    return "session=" + gw.admin("root").sign();
  }

  private static void assertForbidden(HttpResponse<Buffer> r, String messagePart) {
    assertEquals(403, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("forbidden", body.getString("error"));
    assertTrue(body.getString("message").contains(messagePart), body.encode());
  }

  @Test
  void cookieChange_matchingOrigin_allowed() {
    assertEquals(200, patch("Cookie", adminCookie(), "Origin", ORIGIN).statusCode());
    // X-Requested-With (the dashboard sends it) is neither needed nor looked at
    assertEquals(200, patch("Cookie", adminCookie(), "Origin", ORIGIN,
        "X-Requested-With", "linkgate-dashboard").statusCode());
    assertEquals(200, patch("Cookie", adminCookie(), "Origin", ORIGIN,
        "X-Requested-With", "XMLHttpRequest").statusCode());
  }

  @ParameterizedTest(name = "Origin: \"{0}\"")
  @ValueSource(strings = {"https://evil.example", "null", "", "http://go.example.com", "https://go.example.com:8443",
      "https://go.example.com/", "https://go.example.com.evil.example", "HTTPS://GO.EXAMPLE.COM"})
  void cookieChange_otherOrigin_is403NamingTheOrigin(String origin) {
    assertForbidden(patch("Cookie", adminCookie(), "Origin", origin, "X-Requested-With", "linkgate-dashboard"),
        "Origin header equal to " + ORIGIN);
  }

  @Test
  void cookieChange_noOrigin_is403NamingTheOrigin() {
    assertForbidden(patch("Cookie", adminCookie()), "Origin header equal to " + ORIGIN);
    assertForbidden(patch("Cookie", adminCookie(), "X-Requested-With", "linkgate-dashboard"), "Origin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "POST"})
  void cookieChange_everyStateChangingMethod_needsTheOriginOnly(String name) {
    HttpMethod method = HttpMethod.valueOf(name);
    String path = method == HttpMethod.POST ? "/admin/api/articles/import" : "/admin/api/articles/zz";
    assertForbidden(TestGateway.send(gw.request(method, path).putHeader("Cookie", adminCookie())), "Origin");
    HttpResponse<Buffer> withOrigin = TestGateway.send(gw.request(method, path)
        .putHeader("Cookie", adminCookie()).putHeader("Origin", ORIGIN));
    assertTrue(withOrigin.statusCode() != 403 && withOrigin.statusCode() != 401, withOrigin.bodyAsString());
  }

  @Test
  void cookieRead_needsNoOrigin() {
    HttpResponse<Buffer> r = gw.get("/admin/api/articles/a1", "Cookie", adminCookie());
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  @Test
  void bearerAndApiKeyChanges_needNoOrigin() {
    assertEquals(200, patch("Authorization", "Bearer " + gw.admin("root").sign()).statusCode());
    assertEquals(200, patch("X-Api-Key", TestGateway.API_KEY).statusCode());
  }

  /** "If any credential presented grants admin": a reader's credential sent first hides nothing. */
  @Test
  void readerCredentialFirst_adminOneAfter_allowed() {
    String reader = gw.reader("alice").sign();
    String admin = gw.admin("root").sign();
    assertEquals(200, gw.get("/admin/api/articles/a1", "Cookie", "session=" + reader + "; session=" + admin).statusCode());
    assertEquals(200, send(HttpMethod.GET, "Cookie", "session=" + reader, "Cookie", "session=" + admin).statusCode());
    assertEquals(200, send(HttpMethod.GET, "Authorization", "Bearer " + reader, "Authorization", "Bearer " + admin)
        .statusCode());
    assertEquals(200, send(HttpMethod.GET, "X-Api-Key", "wrong", "X-Api-Key", TestGateway.API_KEY).statusCode());
    // The admin cookie found after the reader's still needs the Origin for a change.
    assertForbidden(send(HttpMethod.PATCH, "Cookie", "session=" + reader + "; session=" + admin), "Origin");
    assertEquals(200, send(HttpMethod.PATCH, "Cookie", "session=" + reader + "; session=" + admin, "Origin", ORIGIN)
        .statusCode());
    assertForbidden(send(HttpMethod.GET, "Cookie", "session=" + reader, "Authorization", "Bearer " + reader),
        "admin role");
  }

  @Test
  void cookieChange_twoOrigins_is403_evenWhenOneIsOurs() {
    assertForbidden(send(HttpMethod.PATCH, "Cookie", adminCookie(), "Origin", ORIGIN, "Origin", "https://evil.example"),
        "Origin");
    assertForbidden(send(HttpMethod.PATCH, "Cookie", adminCookie(), "Origin", ORIGIN, "Origin", ORIGIN), "Origin");
  }

  /** The Origin a browser sends is lower case, without the default port, whatever the configuration spells. */
  @ParameterizedTest
  @ValueSource(strings = {"https://GO.Example.com:443", "https://go.example.com:443/", "HTTPS://go.example.COM"})
  void cookieChange_publicBaseUrlSpelledOtherwise_browserOriginAllowed(String publicBaseUrl) {
    try (TestGateway other = TestGateway.with("http.publicBaseUrl", publicBaseUrl).start()) {
      other.putArticle("a1", "https://example.org/1", "First");
      HttpRequest<Buffer> r = other.request(HttpMethod.PATCH, "/admin/api/articles/a1")
          .putHeader("Content-Type", "application/json").putHeader("Origin", "https://go.example.com")
          .putHeader("Cookie", "session=" + other.admin("root").sign());
      HttpResponse<Buffer> answer = TestGateway.send(r, Buffer.buffer("{\"title\": \"First\"}"));
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
    }
  }

  /** A PATCH (or GET) of a1 with these headers, each added (so repeated names make repeated lines). */
  private static HttpResponse<Buffer> send(HttpMethod method, String... headers) {
    HttpRequest<Buffer> r = gw.request(method, "/admin/api/articles/a1");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    if (method == HttpMethod.PATCH) {
      r.putHeader("Content-Type", "application/json");
      return TestGateway.send(r, Buffer.buffer("{\"title\": \"First\"}"));
    }
    return TestGateway.send(r);
  }

  @Test
  void readerCookieWithMatchingOrigin_stillForbiddenForItsRole() {
    assertForbidden(patch("Cookie", "session=" + gw.reader("alice").sign(), "Origin", ORIGIN), "admin role");
  }
}
