package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linkgate.testing.LogCapture;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HttpVerticle}'s Host check (RFC 9112 §3.2): a request without {@code Host}, or with one
 * that is no valid authority, is {@code 400 invalid_request} on every route, before the fast path,
 * and logged at debug at most. HTTP/1.0 may omit {@code Host}.
 */
class HostHeaderTest {
  private static final List<String> PATHS = List.of("/healthz", "/admin/api/articles", "/nothing/here", "/go/a1");
  private static final List<String> BAD_HOSTS = List.of("Host:", "Host: localhost:99999", "Host: [::1", "Host: a:b:c",
      "Host: é.example", "Host: local host");
  private static TestGateway gw;
  private static String token;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    gw.putArticle("a1", "https://example.org/a1", "A1");
    token = gw.reader("host-test").sign();
    // Verified once, so that the session is cached and the next /go/a1 with it takes the fast path.
    assertEquals(302, RawHttp.get(gw.port(), "/go/a1", "Cookie: session=" + token).status());
    assertEquals(302, RawHttp.get(gw.port(), "/go/a1", "Cookie: session=" + token).status());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static List<List<String>> headerVariants() {
    List<List<String>> variants = new ArrayList<>();
    variants.add(List.of("X-Api-Key: " + TestGateway.API_KEY)); // no Host at all
    for (String bad : BAD_HOSTS) {
      variants.add(List.of(bad, "X-Api-Key: " + TestGateway.API_KEY));
    }
    return variants;
  }

  @Test
  void request_missingOrMalformedHost_is400JsonOnEveryRoute() {
    try (LogCapture log = new LogCapture()) {
      for (String path : PATHS) {
        for (List<String> headers : headerVariants()) {
          RawHttp.Response r = RawHttp.send(gw.port(), "GET", path, "HTTP/1.1", headers);
          r.assertJsonError(400, "invalid_request", path + " " + headers);
          assertTrue(r.body().contains("Host"), r.body());
          assertEquals("close", r.header("Connection"));
        }
      }
      assertTrue(log.matching("internal error").isEmpty(), log.lines().toString());
      assertTrue(log.matching("Host").isEmpty(), log.lines().toString());
    }
  }

  @Test
  void go_cachedSessionWithoutHost_is400NotTheFastPathRedirect() {
    for (List<String> headers : headerVariants()) {
      List<String> withSession = new ArrayList<>(headers);
      withSession.add("Cookie: session=" + token);
      RawHttp.send(gw.port(), "GET", "/go/a1", "HTTP/1.1", withSession)
          .assertJsonError(400, "invalid_request", "cached session " + headers);
    }
  }

  @Test
  void go_anonymousBrowserWithoutHost_gets400HtmlPage() {
    RawHttp.Response r = RawHttp.send(gw.port(), "GET", "/go/a1", "HTTP/1.1", List.of("Accept: text/html"));
    assertEquals(400, r.status());
    assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
    assertEquals(HtmlPage.CSP, r.header("Content-Security-Policy"));
  }

  @Test
  void http10_withoutHost_isServed_butAMalformedHostIsNot() {
    assertEquals(200, RawHttp.send(gw.port(), "GET", "/healthz", "HTTP/1.0", List.of()).status());
    RawHttp.send(gw.port(), "GET", "/healthz", "HTTP/1.0", List.of("Host: a:b:c"))
        .assertJsonError(400, "invalid_request", "HTTP/1.0 with a malformed Host");
  }

  @Test
  void request_validHostForms_areServed() {
    for (String host : List.of("Host: localhost", "Host: go.example.com:443", "Host: [::1]:8080", "Host: 127.0.0.1")) {
      assertEquals(200, RawHttp.send(gw.port(), "GET", "/healthz", "HTTP/1.1", List.of(host)).status(), host);
    }
  }

  /** The shortcut for usual Host values never accepts what Vert.x's own parser would refuse. */
  @ParameterizedTest
  @ValueSource(strings = {"localhost", "go.example.com:443", "127.0.0.1", "127.0.0.1:8080", "1.2.3.456:80",
      "a", "A-B.c", "x:0", "x:65535", "x:65536", "x:123456", "x:", ":80", "a:b:c", "a b", "é.example",
      "[::1]:8080", "a_b", "a%41", "a:8o", "-", "1.2.3.4.5", "a..b"})
  void plainHost_isASubsetOfVertxAuthority(String host) {
    if (HttpVerticle.plainHost(host)) {
      io.vertx.core.net.HostAndPort parsed = io.vertx.core.net.HostAndPort.parseAuthority(host, -1);
      assertTrue(parsed != null && !parsed.host().isEmpty(), host);
    }
  }

  @Test
  void plainHost_acceptsTheUsualForms_andRefusesBadPorts() {
    for (String ok : List.of("localhost", "go.example.com:443", "127.0.0.1:8080", "x:65535")) {
      assertTrue(HttpVerticle.plainHost(ok), ok);
    }
    for (String no : List.of("", "x:65536", "x:", ":80", "a:b:c", "[::1]", "a_b", "x:123456")) {
      assertFalse(HttpVerticle.plainHost(no), no);
    }
  }
}
