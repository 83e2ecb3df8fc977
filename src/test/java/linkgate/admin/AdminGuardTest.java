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
 * The cross-site request forgery rule of {@link AdminGuard}: a state-changing admin request allowed
 * only by the session cookie needs both {@code Origin} equal to the public origin and
 * {@code X-Requested-With: linkgate-dashboard}; reads, Bearer and API-key requests need neither.
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
  void cookieChange_originAndHeader_allowed() {
    HttpResponse<Buffer> r = patch("Cookie", adminCookie(), "Origin", ORIGIN,
        "X-Requested-With", "linkgate-dashboard");
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  @Test
  void cookieChange_originWithoutHeader_is403NamingTheHeader() {
    assertForbidden(patch("Cookie", adminCookie(), "Origin", ORIGIN),
        "X-Requested-With: linkgate-dashboard");
  }

  @Test
  void cookieChange_otherHeaderValue_is403() {
    // The value a library such as jQuery sends is not enough: only the dashboard's own value counts.
    assertForbidden(patch("Cookie", adminCookie(), "Origin", ORIGIN, "X-Requested-With", "XMLHttpRequest"),
        "X-Requested-With");
    assertForbidden(patch("Cookie", adminCookie(), "Origin", ORIGIN, "X-Requested-With", ""),
        "X-Requested-With");
  }

  @Test
  void cookieChange_headerWithoutOrigin_is403NamingTheOrigin() {
    assertForbidden(patch("Cookie", adminCookie(), "X-Requested-With", "linkgate-dashboard"), "Origin");
    assertForbidden(patch("Cookie", adminCookie(), "Origin", "https://evil.example",
        "X-Requested-With", "linkgate-dashboard"), "Origin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "POST"})
  void cookieChange_everyStateChangingMethod_needsTheHeader(String name) {
    HttpMethod method = HttpMethod.valueOf(name);
    String path = method == HttpMethod.POST ? "/admin/api/articles/import" : "/admin/api/articles/zz";
    HttpResponse<Buffer> r = TestGateway.send(gw.request(method, path)
        .putHeader("Cookie", adminCookie()).putHeader("Origin", ORIGIN));
    assertForbidden(r, "X-Requested-With");
  }

  @Test
  void cookieRead_needsNeitherOriginNorHeader() {
    HttpResponse<Buffer> r = gw.get("/admin/api/articles/a1", "Cookie", adminCookie());
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  @Test
  void bearerAndApiKeyChanges_needNeitherOriginNorHeader() {
    assertEquals(200, patch("Authorization", "Bearer " + gw.admin("root").sign()).statusCode());
    assertEquals(200, patch("X-Api-Key", TestGateway.API_KEY).statusCode());
  }

  @Test
  void readerCookieWithBothHeaders_stillForbiddenForItsRole() {
    assertForbidden(patch("Cookie", "session=" + gw.reader("alice").sign(), "Origin", ORIGIN,
        "X-Requested-With", "linkgate-dashboard"), "admin role");
  }
}
