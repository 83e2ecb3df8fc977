package linkgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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

  private final AtomicInteger refusals = new AtomicInteger();
  private SessionVerifier verifier;

  private Credentials credentials(TestGateway.Builder settings) {
    LinkgateConfig config = settings.config();
    verifier = new SessionVerifier(config.session(), config.admin(), clock, r -> refusals.incrementAndGet());
    return new Credentials(config.session(), verifier);
  }

  /** {@code n} different tokens, each of a valid form with valid claims, but a wrong signature. */
  private List<String> forgeries(int n) {
    byte[] wrongSecret = "not-the-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tokens.add(Tokens.reader(clock, "alice-" + i).signHmac(wrongSecret));
    }
    return tokens;
  }

  private static String cookies(List<String> tokens) {
    return tokens.stream().map(t -> "session=" + t).collect(Collectors.joining("; "));
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
  void session_75ForgedSessionCookies_atMostThreeSignatureChecks() {
    Credentials credentials = credentials();

    assertEquals(Rejection.BAD_SIGNATURE, credentials.session(request("Cookie", cookies(forgeries(75)))));
    assertEquals(Credentials.MAX_SESSION_COOKIES, verifier.signatureChecks());
    assertEquals(Credentials.MAX_SESSION_COOKIES, refusals.get());
    // spread over several Cookie headers: the bound is per request, not per header
    List<String> headers = new ArrayList<>();
    for (String token : forgeries(75).subList(3, 75)) {
      headers.add("Cookie");
      headers.add("session=" + token);
    }
    credentials.session(request(headers.toArray(String[]::new)));
    assertEquals(2L * Credentials.MAX_SESSION_COOKIES, verifier.signatureChecks());
  }

  @ParameterizedTest(name = "valid token in session cookie {0}")
  @ValueSource(ints = {0, 1, 2})
  void session_validTokenAmongTheFirstThreeSessionCookies_accepted(int position) {
    List<String> tokens = forgeries(10);
    tokens.add(position, valid);

    assertEquals("alice", sub(credentials().session(request("Cookie", cookies(tokens)))));
    assertEquals("alice", sub(credentials().session(
        request("Cookie", "theme=dark; " + cookies(tokens.subList(0, position)), "Cookie", "session=" + valid))));
  }

  @Test
  void session_validTokenInTheFourthSessionCookie_ignored() {
    List<String> tokens = forgeries(3);
    tokens.add(valid);

    assertEquals(Rejection.BAD_SIGNATURE, credentials().session(request("Cookie", cookies(tokens))));
    assertEquals(Credentials.MAX_SESSION_COOKIES, verifier.signatureChecks());
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
