package linkgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import linkgate.config.LinkgateConfig;
import linkgate.testing.MutableClock;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where {@link Credentials} looks for the session token, and that it passes it on untouched. */
class CredentialsTest {
  private final MutableClock clock = MutableClock.atTenOClock();
  private final String valid = Tokens.reader(clock, "alice").sign();
  private final String forged = Tokens.reader(clock, "mallory").signHmac("not-the-secret-0123456789-0123456789"
      .getBytes(StandardCharsets.UTF_8));

  private Credentials credentials(TestGateway.Builder settings) {
    LinkgateConfig config = settings.config();
    return new Credentials(config.session(),
        new SessionVerifier(config.session(), config.admin(), clock, r -> { }));
  }

  private Credentials credentials() {
    return credentials(TestGateway.with("session.acceptBearer", true));
  }

  /**
   * A request carrying only these headers (name, value, name, value...). Values reach
   * {@link Credentials} exactly as written here (an HTTP parser would trim a trailing space).
   * Anything but the headers throws, so a test fails if the query or the URI is ever read.
   */
  private static HttpServerRequest request(String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("headers")) {
        return map;
      }
      if (method.isDefault()) { // getHeader(..) reads headers()
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      throw new UnsupportedOperationException(method.getName());
    };
    return (HttpServerRequest) Proxy.newProxyInstance(
        CredentialsTest.class.getClassLoader(), new Class<?>[] {HttpServerRequest.class}, handler);
  }

  private static String sub(Verdict verdict) {
    return assertInstanceOf(Session.class, verdict, () -> "refused: " + verdict).sub();
  }

  @Test
  void session_cookieAmongOtherCookies_found() {
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "theme=dark; session=" + valid + "; lang=en"))));
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "theme=dark", "Cookie", "session=" + valid))));
  }

  @Test
  void session_cookieWhoseNameEndsInSession_ignored() {
    assertEquals(Rejection.NO_CREDENTIALS, credentials().session(
        request("Cookie", "xsession=" + valid + "; session_old=" + valid)));
  }

  @Test
  void session_quotedCookieValue_unquoted() {
    assertEquals("alice", sub(credentials().session(request("Cookie", "session=\"" + valid + "\""))));
  }

  @Test
  void session_twoSessionCookiesFirstInvalid_secondUsed() {
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "session=" + forged + "; session=" + valid))));
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "session=garbage", "Cookie", "session=" + valid))));
  }

  @Test
  void session_customCookieName_onlyThatCookieRead() {
    Credentials credentials = credentials(TestGateway.with("session.cookieName", "lg_session"));

    assertEquals("alice", sub(credentials.session(request("Cookie", "session=x; lg_session=" + valid))));
    assertEquals(Rejection.NO_CREDENTIALS, credentials.session(request("Cookie", "session=" + valid)));
  }

  @ParameterizedTest(name = "\"{0} <token>\"")
  @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
  void session_bearerSchemeInAnyCase_accepted(String scheme) {
    assertEquals("alice", sub(credentials().session(request("Authorization", scheme + " " + valid))));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"Basic <token>", "Token <token>", "Bearer", "Bearer ", "Bearer:<token>", "Bearer<token>"})
  void session_otherSchemeOrNoToken_noCredentials(String authorization) {
    assertEquals(Rejection.NO_CREDENTIALS,
        credentials().session(request("Authorization", authorization.replace("<token>", valid))));
  }

  @Test
  void session_acceptBearerFalse_headerIgnoredCookieStillRead() {
    Credentials credentials = credentials(TestGateway.with("session.acceptBearer", false));

    assertEquals(Rejection.NO_CREDENTIALS, credentials.session(request("Authorization", "Bearer " + valid)));
    assertEquals("alice", sub(credentials.session(
        request("Authorization", "Bearer " + valid, "Cookie", "session=" + valid))));
  }

  @Test
  void session_tokenWithSurroundingSpace_refusedAsReceived() {
    assertEquals(Rejection.MALFORMED, credentials().session(request("Authorization", "Bearer " + valid + " ")));
    assertEquals(Rejection.MALFORMED, credentials().session(request("Authorization", "Bearer  " + valid)));
    assertEquals(Rejection.MALFORMED, credentials().session(request("Cookie", "session=" + valid + " ; lang=en")));
    assertEquals(Rejection.MALFORMED, credentials().session(request("Cookie", "session= " + valid)));
  }

  @Test
  void session_invalidCookieAndValidBearer_bearerUsed() {
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "session=" + forged, "Authorization", "Bearer " + valid))));
  }

  @Test
  void session_validCookieAndInvalidBearer_cookieUsed() {
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "session=" + valid, "Authorization", "Bearer " + forged))));
  }

  @Test
  void session_bothInvalid_cookiesRefusalReported() {
    assertEquals(Rejection.BAD_SIGNATURE, credentials().session(
        request("Cookie", "session=" + forged, "Authorization", "Bearer not.a-token")));
  }
}
