package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import linkgate.testing.Wait;
import org.junit.jupiter.api.Test;

/**
 * {@code limits.perIp} and {@code limits.perReader} on /go/: the burst passes, then 429 with
 * Retry-After; a refused request is neither a click nor a blocked attempt; the per-IP limit comes
 * before any signature check, the per-reader limit after it. The gateway's clock is frozen, so no
 * bucket refills until a test moves it.
 */
class RateLimitTest {

  private static HttpResponse<Buffer> go(TestGateway gw, String id, String... headers) {
    return gw.get("/go/" + id, headers);
  }

  private static void assertLimited(HttpResponse<Buffer> r, String retryAfter) {
    assertEquals(429, r.statusCode(), r.bodyAsString());
    assertEquals(retryAfter, r.getHeader("Retry-After"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    assertEquals("rate_limited", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void perReader_burstThen429WithRetryAfter_untilTheBucketRefills() {
    try (TestGateway gw = TestGateway.with("limits.perReader", Map.of("rate", "1/m", "burst", 3)).start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      String alice = "Bearer " + gw.reader("alice").sign();
      for (int i = 0; i < 3; i++) {
        assertEquals(302, go(gw, "a", "Authorization", alice).statusCode(), "request " + i);
      }
      assertLimited(go(gw, "a", "Authorization", alice), "60");
      // another reader has a bucket of its own; the same reader with a fresh token does not
      assertEquals(302, go(gw, "a", "Authorization", "Bearer " + gw.reader("bob").sign()).statusCode());
      assertLimited(go(gw, "a", "Authorization", "Bearer " + gw.reader("alice").claim("jti", "2").sign()), "60");

      HttpResponse<Buffer> page = go(gw, "a", "Authorization", alice, "Accept", "text/html");
      assertEquals(429, page.statusCode());
      assertEquals("60", page.getHeader("Retry-After"));
      assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
      assertEquals("no-store", page.getHeader("Cache-Control"));
      assertTrue(page.getHeader("Content-Security-Policy").contains("default-src 'none'"));
      assertNull(page.getHeader("Location"));

      gw.clock().advance(Duration.ofSeconds(59));
      assertLimited(go(gw, "a", "Authorization", alice), "1");
      gw.clock().advance(Duration.ofSeconds(1));
      assertEquals(302, go(gw, "a", "Authorization", alice).statusCode());
      assertLimited(go(gw, "a", "Authorization", alice), "60");
    }
  }

  @Test
  void retryAfter_subSecondWait_isOneWholeSecond() {
    try (TestGateway gw = TestGateway.with("limits.perIp", Map.of("rate", "20/s", "burst", 1)).start()) {
      assertEquals(401, go(gw, "a").statusCode());
      assertLimited(go(gw, "a"), "1");
    }
  }

  @Test
  void limited_isNeitherAClickNorABlockedAttempt() throws Exception {
    try (TestGateway gw = TestGateway.with("limits.perIp", Map.of("rate", "1/h", "burst", 3)).start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      String token = "Bearer " + gw.reader("alice").sign();
      assertEquals(302, go(gw, "a", "Authorization", token).statusCode());
      assertEquals(302, go(gw, "a", "Accept", "text/html").statusCode()); // blocked attempt
      assertEquals(302, go(gw, "a", "Authorization", token).statusCode());
      for (int i = 0; i < 5; i++) {
        assertLimited(go(gw, "a", "Authorization", token), "3600");
        assertEquals(429, go(gw, "a", "Accept", "text/html").statusCode());
        assertEquals(429, go(gw, "a").statusCode());
      }
      Wait.until(() -> {
        JsonObject summary = summary(gw);
        return summary.getLong("clicks") == 2 && summary.getLong("blocked") == 1
            && gw.gateway().recorder().pending() == 0;
      }, 10_000);
      Thread.sleep(3 * gw.config().clicks().flushInterval().toMillis());
      JsonObject summary = summary(gw);
      assertEquals(2, summary.getLong("clicks"), summary.encode());
      assertEquals(1, summary.getLong("blocked"), summary.encode());
      String metrics = gw.get("/metrics").bodyAsString();
      assertTrue(metrics.contains("linkgate_redirects_total{outcome=\"rate_limited\"} 15.0"), metrics);
    }
  }

  /** The stats summary of the clock's day. */
  private static JsonObject summary(TestGateway gw) {
    Instant day = gw.clock().instant().truncatedTo(ChronoUnit.DAYS);
    var r = gw.admin(HttpMethod.GET, "/admin/api/stats/summary?from=" + day + "&to=" + day.plus(Duration.ofDays(1)), null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  void perIp_forgedEs256Tokens_refusedWith429BeforeAnySignatureCheck() throws Exception {
    KeyPair pair = ecPair();
    Path pem = Files.createTempFile(Files.createDirectories(Path.of("target", "test-keys")), "es256-", ".pem");
    Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n",
        StandardCharsets.US_ASCII);
    try (TestGateway gw = TestGateway
        .with("session.keys", List.of(Map.of("kid", "e1", "alg", "ES256", "publicKeyFile", pem.toString())))
        .with("limits.perIp", Map.of("rate", "1/h", "burst", 5))
        .start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      Random random = new Random(7);
      int burst = 5;
      for (int i = 0; i < 40; i++) {
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        String forged = Tokens.reader(gw.clock(), "mallory-" + i).header("alg", "ES256").header("kid", "e1")
            .withSignature(Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        int status = go(gw, "a", "Authorization", "Bearer " + forged).statusCode();
        assertEquals(i < burst ? 401 : 429, status, "request " + i);
      }
      String metrics = gw.get("/metrics").bodyAsString();
      assertTrue(metrics.contains("linkgate_token_rejections_total{reason=\"bad_signature\"} 5.0"),
          "only the burst reached the signature check: " + metrics);
    }
  }

  @Test
  void perReader_forgedTokensNamingAVictim_doNotDrainTheVictimsBucket() {
    try (TestGateway gw = TestGateway.with("limits.perReader", Map.of("rate", "1/h", "burst", 3)).start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      for (int i = 0; i < 10; i++) {
        String forged = gw.reader("victim").claim("n", i).signHmac(
            "another-secret-0123456789-0123456789-0123".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, go(gw, "a", "Authorization", "Bearer " + forged).statusCode());
      }
      String victim = "Bearer " + gw.reader("victim").sign();
      for (int i = 0; i < 3; i++) {
        assertEquals(302, go(gw, "a", "Authorization", victim).statusCode(), "request " + i);
      }
      assertEquals(429, go(gw, "a", "Authorization", victim).statusCode());
    }
  }

  @Test
  void noLimits_configured_neverAnswers429() {
    try (TestGateway gw = TestGateway.start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      String token = "Bearer " + gw.reader("alice").sign();
      for (int i = 0; i < 200; i++) {
        assertEquals(302, go(gw, "a", "Authorization", token).statusCode());
      }
    }
  }

  private static KeyPair ecPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
