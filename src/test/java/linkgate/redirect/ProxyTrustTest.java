package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * {@code http.trustedProxies}: X-Forwarded-For names the client only when the TCP peer is a
 * trusted proxy; Forwarded and the other X-Forwarded-* headers never change a generated URL, the
 * route or the client. The per-IP buckets show which client linkgate believed (burst 2, frozen
 * clock: the third request of one client is refused).
 */
class ProxyTrustTest {
  private static final Map<String, Object> BURST_2 = Map.of("rate", "1/h", "burst", 2);

  private static int status(TestGateway gw, String... headers) {
    return gw.get("/go/a", headers).statusCode();
  }

  @Test
  void untrustedPeer_spoofedForwardedFor_changesNothing() {
    try (TestGateway gw = TestGateway.with("limits.perIp", BURST_2).start()) {
      assertEquals(401, status(gw, "X-Forwarded-For", "198.51.100.1"));
      assertEquals(401, status(gw, "X-Forwarded-For", "198.51.100.2", "X-Real-IP", "198.51.100.2"));
      // every request came from 127.0.0.1, whatever it claims
      assertEquals(429, status(gw, "X-Forwarded-For", "198.51.100.3"));
      assertEquals(429, status(gw, "Forwarded", "for=198.51.100.4"));
      assertEquals(429, status(gw, "X-Forwarded-For", "198.51.100.5, 127.0.0.1"));
      assertEquals(429, status(gw));
    }
  }

  @Test
  void trustedPeer_rightMostUntrustedAddress_isTheClient() {
    try (TestGateway gw = TestGateway.with("limits.perIp", BURST_2)
        .with("http.trustedProxies", List.of("127.0.0.1/32")).start()) {
      assertEquals(401, status(gw, "X-Forwarded-For", "198.51.100.1"));
      assertEquals(401, status(gw, "X-Forwarded-For", "203.0.113.9, 198.51.100.1"));
      // 198.51.100.1 has used its burst, however the client dresses the left part up
      assertEquals(429, status(gw, "X-Forwarded-For", "198.51.100.1"));
      assertEquals(429, status(gw, "X-Forwarded-For", "198.51.100.77, 198.51.100.1"));
      assertEquals(429, status(gw, "X-Forwarded-For", "198.51.100.1, 127.0.0.1"));
      assertEquals(429, RawHttp.get(gw.port(), "/go/a",
          "X-Forwarded-For: 10.0.0.1", "X-Forwarded-For: 198.51.100.1").status(), "two headers are one list");
      // another client behind the same proxy has a bucket of its own
      assertEquals(401, status(gw, "X-Forwarded-For", "198.51.100.2"));
      assertEquals(401, status(gw, "X-Forwarded-For", "[2001:db8:1:2::1]:5000"));
      assertEquals(401, status(gw, "X-Forwarded-For", "2001:db8:1:2::2"));
      assertEquals(429, status(gw, "X-Forwarded-For", "2001:db8:1:2::3"), "IPv6 clients share their /64");
      assertEquals(401, status(gw, "X-Forwarded-For", "2001:db8:1:3::1"));
    }
  }

  @Test
  void trustedPeer_malformedOrMissingForwardedFor_isTheProxyItself() {
    try (TestGateway gw = TestGateway.with("limits.perIp", BURST_2)
        .with("http.trustedProxies", List.of("127.0.0.1/32")).start()) {
      assertEquals(401, status(gw, "X-Forwarded-For", "unknown"));
      assertEquals(401, status(gw, "X-Forwarded-For", "198.51.100.1, not-an-ip"));
      // both went to 127.0.0.1's bucket, as do requests without the header and Forwarded ones
      assertEquals(429, status(gw));
      assertEquals(429, status(gw, "Forwarded", "for=198.51.100.9"));
      assertEquals(401, status(gw, "X-Forwarded-For", "198.51.100.9"));
    }
  }

  @Test
  void forwardedHeaders_neverChangeUrlsRoutesOrCookies() {
    try (TestGateway gw = TestGateway.with("http.trustedProxies", List.of("127.0.0.1/32")).start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      String[] spoof = {
          "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http", "X-Forwarded-Port", "81",
          "X-Forwarded-Prefix", "/evil", "X-Forwarded-Uri", "/admin/api/articles", "X-Original-URL",
          "/admin/api/articles", "X-Rewrite-URL", "/admin/api/articles", "X-Forwarded-Server", "evil.example",
          "Forwarded", "for=198.51.100.1;host=evil.example;proto=http", "X-Forwarded-For", "198.51.100.1"};

      HttpResponse<Buffer> plain = gw.get("/go/a", "Accept", "text/html");
      HttpResponse<Buffer> spoofed = gw.get("/go/a", concat(spoof, "Accept", "text/html"));
      assertEquals(302, spoofed.statusCode());
      assertEquals(plain.getHeader("Location"), spoofed.getHeader("Location"));
      assertTrue(spoofed.getHeader("Location").contains("return_to=https%3A%2F%2Fgo.example.com%2Fgo%2Fa"));
      String cookie = spoofed.getHeader("Set-Cookie");
      assertTrue(cookie.contains("; Path=/go/;") && cookie.contains("; Secure"), cookie);

      // the route is the request's own path: still the redirect, not the admin API
      HttpResponse<Buffer> reader = gw.get("/go/a", concat(spoof, "Authorization", "Bearer " + gw.reader("r").sign()));
      assertEquals(302, reader.statusCode());
      assertEquals("https://example.org/a", reader.getHeader("Location"));
      assertEquals(401, gw.get("/admin/api/articles", spoof).statusCode());
      assertEquals(404, gw.get("/evil/go/a", spoof).statusCode());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
