package linkgate.auth;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import linkgate.config.LinkgateConfig.KeyConfig;
import linkgate.testing.JwksServer;
import linkgate.testing.LogCapture;
import linkgate.testing.MutableClock;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code session.jwksUri} against a real local JWKS server ({@link JwksServer}) that the test
 * changes and that counts requests. The gateway's clock is a {@link MutableClock}: the test moves
 * it, then calls the fetcher's tick (what its one-second timer does) to make refreshes and
 * staleness deterministic.
 */
class JwksTest {
  private static final String ARTICLE = "https://example.org/a1";
  private static final KeyPair A = TestKeys.forAlg("RS256");
  private static final KeyPair B = TestKeys.otherRsa();

  private final MutableClock clock = MutableClock.atTenOClock();
  private final JwksServer jwks = new JwksServer();
  private TestGateway gw;

  @AfterEach
  void stop() {
    try {
      if (gw != null) {
        gw.close();
      }
    } finally {
      jwks.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Starts a gateway whose only keys come from the test's JWKS server, with article a1. */
  private TestGateway start(Object... settings) {
    TestGateway.Builder b = TestGateway.with("session.keys", null).with("session.jwksUri", jwks.url()).clock(clock);
    for (int i = 0; i + 1 < settings.length; i += 2) {
      b.with((String) settings[i], settings[i + 1]);
    }
    gw = b.start();
    gw.putArticle("a1", ARTICLE, "A1");
    return gw;
  }

  private Tokens token(String alg, String kid) {
    return Tokens.reader(clock, "alice").header("alg", alg).header("kid", kid).expiresIn(Duration.ofDays(2));
  }

  private String rs256(String kid, KeyPair pair) {
    return token("RS256", kid).signWith(pair.getPrivate());
  }

  /** The status of /go/a1 with {@code token} as Bearer: 302 accepted, 401 refused. */
  private int go(String token) {
    return gw.get("/go/a1", "Authorization", "Bearer " + token).statusCode();
  }

  private HttpResponse<Buffer> readyz() {
    return gw.get("/readyz");
  }

  /** What the fetcher's one-second timer does, now, and waits for a fetch it starts. */
  private void tick() {
    await(gw.gateway().jwks().tick());
  }

  private static JsonObject rsa(KeyPair pair, String kid) {
    return TestJwks.rsa(pair, kid, "RS256");
  }

  /** RS256 by hand: JJWT refuses to sign with an RSA key under 2048 bits. */
  private static String signRs256ByHand(Tokens t, PrivateKey key) {
    String unsigned = t.unsigned();
    String input = unsigned.substring(0, unsigned.length() - 1);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return t.withSignature(TestJwks.b64(s.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa1024() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(1024);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- start-up

  @Test
  void start_jwksServed_fetchedOnceAndItsKeysAccepted() {
    jwks.keys(rsa(A, "a"));
    start();

    assertEquals(1, jwks.requests());
    assertEquals(302, go(rs256("a", A)));
    assertEquals(401, go(rs256("a", B)), "kid a, another key's signature");
    assertEquals(1, jwks.requests(), "a bad signature under a known kid triggers no fetch");
    assertEquals(200, readyz().statusCode());
    assertEquals("ok", readyz().bodyAsJsonObject().getString("keys"));
  }

  @Test
  void start_endpointDown_startsNotReadyThenRecoversOnTheFirstToken() {
    jwks.keys(rsa(A, "a")).status(503);
    start();

    HttpResponse<Buffer> notReady = readyz();
    assertEquals(200, notReady.statusCode()); // the store is up: the contract's 200
    assertEquals("degraded", notReady.bodyAsJsonObject().getString("status"));
    assertEquals("missing", notReady.bodyAsJsonObject().getString("keys"));
    assertTrue(notReady.bodyAsJsonObject().getString("keysReason").contains("answered 503"),
        notReady.bodyAsString());

    jwks.status(200);
    assertEquals(302, go(rs256("a", A)), "the unknown kid fetches the JWKS again, and it now answers");
    assertEquals(2, jwks.requests());
    assertEquals(200, readyz().statusCode());
  }

  // ---------------------------------------------------------------- rotation

  @Test
  void rotation_kidAddedThenRemoved_firstNewTokenAcceptedOldRefusedAfterRefresh() {
    jwks.keys(rsa(A, "a"));
    start();
    String old = rs256("a", A);
    assertEquals(302, go(old));

    jwks.keys(rsa(A, "a"), rsa(B, "b"));
    String first = rs256("b", B);
    HttpResponse<Buffer> browser = gw.get("/go/a1", "Cookie", "session=" + first, "Accept", "text/html");
    assertEquals(302, browser.statusCode());
    assertEquals(ARTICLE, browser.getHeader("Location"), "the very first token of the new kid is let through");
    assertEquals(2, jwks.requests());
    assertEquals(302, go(rs256("b", B)));
    assertEquals(2, jwks.requests(), "the new key is known now");

    jwks.keys(rsa(B, "b"));
    assertEquals(302, go(old), "a retired key works until the next refresh");
    clock.advance(Duration.ofMinutes(59));
    tick();
    assertEquals(2, jwks.requests(), "no max-age: refreshed after session.jwksRefresh (1h)");
    clock.advance(Duration.ofMinutes(2));
    tick();
    assertEquals(3, jwks.requests());
    assertEquals(401, go(old), "the removed kid is refused at once, cached or not");
    assertEquals(302, go(rs256("b", B)));
  }

  // ---------------------------------------------------------------- refresh timing

  /** Floor 1m, ceiling 2h, default 1h. */
  @ParameterizedTest(name = "Cache-Control \"{0}\" -> next refresh in {1} s")
  @CsvSource(nullValues = "none", value = {
    "none,                 3600",
    "max-age=600,          600",
    "'public, max-age=5',  60",
    "no-cache,             60",
    "max-age=0,            60",
    "max-age=86400,        7200",
    "'max-age=900, s-maxage=30', 900",
  })
  void refresh_maxAge_clampedToFloorAndCeiling(String cacheControl, long seconds) {
    jwks.keys(rsa(A, "a")).cacheControl(cacheControl);
    start("session.jwksRefreshMin", "1m", "session.jwksRefreshMax", "2h", "session.jwksMaxStale", "4h");
    long fetchedAt = clock.millis();

    assertEquals(fetchedAt + seconds * 1000, gw.gateway().jwks().nextRefreshAtMillis());
    clock.advance(Duration.ofSeconds(seconds - 1));
    tick();
    assertEquals(1, jwks.requests(), "not due yet");
    clock.advance(Duration.ofSeconds(2));
    tick();
    assertEquals(2, jwks.requests(), "due");
  }

  @Test
  void maxAgeSeconds_headers_smallestDirectiveWins() {
    assertEquals(-1, JwksFetcher.maxAgeSeconds(List.of()));
    assertEquals(-1, JwksFetcher.maxAgeSeconds(List.of("public", "max-age=soon")));
    assertEquals(300, JwksFetcher.maxAgeSeconds(List.of("public, MAX-AGE=300")));
    assertEquals(300, JwksFetcher.maxAgeSeconds(List.of("max-age=\"300\"")));
    assertEquals(20, JwksFetcher.maxAgeSeconds(List.of("max-age=300", "max-age=20")));
    assertEquals(0, JwksFetcher.maxAgeSeconds(List.of("max-age=300, no-store")));
  }

  // ---------------------------------------------------------------- unknown kids

  @Test
  void unknownKid_fiftyConcurrentTokens_oneSharedFetchAndAllAccepted() {
    jwks.keys(rsa(A, "a"));
    start();
    jwks.keys(rsa(A, "a"), rsa(B, "b")).delay(500);

    Vertx vertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(vertx,
          new WebClientOptions().setDefaultHost("localhost").setDefaultPort(gw.port()).setFollowRedirects(false),
          new PoolOptions().setHttp1MaxSize(64));
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String token = Tokens.reader(clock, "reader-" + i).header("alg", "RS256").header("kid", "b")
            .signWith(B.getPrivate());
        answers.add(client.get("/go/a1").putHeader("Authorization", "Bearer " + token).send());
      }
      await(Future.all(answers));
      for (Future<HttpResponse<Buffer>> answer : answers) {
        assertEquals(302, answer.result().statusCode());
      }
    } finally {
      await(vertx.close());
    }
    assertEquals(2, jwks.requests(), "start-up, then one fetch for all fifty");

    jwks.delay(0);
    assertEquals(401, go(rs256("c", A)));
    assertEquals(2, jwks.requests(), "another unknown kid within session.jwksUnknownKidInterval: no fetch");
    clock.advance(Duration.ofSeconds(29));
    assertEquals(401, go(rs256("d", A)));
    assertEquals(2, jwks.requests());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(401, go(rs256("e", A)));
    assertEquals(3, jwks.requests(), "the interval has passed");
  }

  @Test
  void admin_firstTokenOfARotatedKey_allowedAfterTheRefetchAndItsBodyRead() {
    jwks.keys(rsa(A, "a"));
    start();
    jwks.keys(rsa(A, "a"), rsa(B, "b"));
    String admin = Tokens.admin(clock, "root").header("alg", "RS256").header("kid", "b").signWith(B.getPrivate());

    HttpResponse<Buffer> put = TestGateway.send(gw.request(HttpMethod.PUT, "/admin/api/articles/a2")
            .putHeader("Authorization", "Bearer " + admin).putHeader("Content-Type", "application/json"),
        Buffer.buffer(new JsonObject().put("url", "https://example.org/a2").put("title", "A2").encode()));

    assertEquals(200, put.statusCode(), put.bodyAsString());
    assertEquals("https://example.org/a2", put.bodyAsJsonObject().getString("url"));
    assertEquals(2, jwks.requests());
    HttpResponse<Buffer> reader = TestGateway.send(gw.request(HttpMethod.GET, "/admin/api/articles/a2")
        .putHeader("Authorization", "Bearer " + rs256("b", B)));
    assertEquals(403, reader.statusCode(), "a reader of the new key is valid, but not an admin");
  }

  // ---------------------------------------------------------------- outages

  @Test
  void endpointDown_lastGoodKeysUsedUntilMaxStale_thenRefusedAndNotReady() {
    jwks.keys(rsa(A, "a"));
    start("session.jwksRefreshMax", "1h", "session.jwksMaxStale", "3h");
    jwks.status(500);

    clock.advance(Duration.ofMinutes(61));
    tick();
    assertEquals(2, jwks.requests());
    assertEquals(302, go(rs256("a", A)), "the last good keys stay");
    HttpResponse<Buffer> stale = readyz();
    assertEquals(200, stale.statusCode());
    assertEquals("stale", stale.bodyAsJsonObject().getString("keys"));
    assertTrue(stale.bodyAsJsonObject().getString("keysReason").contains("answered 500"), stale.bodyAsString());

    clock.advance(Duration.ofMinutes(118)); // 2h59m since the last good fetch
    tick();
    assertEquals(302, go(rs256("a", A)));
    clock.advance(Duration.ofMinutes(2)); // 3h01m
    tick();
    assertEquals(401, go(rs256("a", A)), "beyond session.jwksMaxStale: fail closed");
    HttpResponse<Buffer> expired = readyz();
    assertEquals("degraded", expired.bodyAsJsonObject().getString("status"));
    assertEquals("expired", expired.bodyAsJsonObject().getString("keys"));
    assertTrue(expired.bodyAsJsonObject().getString("keysReason").contains("session.jwksMaxStale"),
        expired.bodyAsString());

    jwks.status(200);
    clock.advance(Duration.ofMinutes(1));
    tick();
    assertEquals(302, go(rs256("a", A)), "a good fetch brings the keys back");
    assertEquals(200, readyz().statusCode());
  }

  @Test
  void endpointDown_tokenCachedBeforeTheKeysExpire_refusedAfter() {
    jwks.keys(rsa(A, "a"));
    start("session.jwksRefreshMax", "1h", "session.jwksMaxStale", "2h");
    String token = rs256("a", A);
    assertEquals(302, go(token));
    jwks.status(500);

    clock.advance(Duration.ofMinutes(121));
    tick();
    assertEquals(401, go(token), "the verified-token cache is emptied with the keys");
  }

  // ---------------------------------------------------------------- what is never fetched

  @Test
  void tokenHeaders_jkuAndX5uToAnotherServer_neverFetched() {
    try (JwksServer attacker = new JwksServer()) {
      attacker.keys(rsa(B, "evil"));
      jwks.keys(rsa(A, "a"));
      start();

      PrivateKey evil = B.getPrivate();
      assertEquals(401, go(signRs256ByHand(token("RS256", "evil").header("jku", attacker.url()), evil)));
      assertEquals(401, go(signRs256ByHand(token("RS256", "a").header("jku", attacker.url()), evil)));
      assertEquals(401, go(signRs256ByHand(token("RS256", null).header("jku", attacker.url()), evil)));
      assertEquals(401, go(signRs256ByHand(token("RS256", "evil").header("x5u", attacker.url("/cert.pem")), evil)));
      assertEquals(401, go(signRs256ByHand(token("RS256", "evil2").header("jwk", rsa(B, "evil2").getMap()), evil)));
      assertEquals(302, go(signRs256ByHand(token("RS256", "a").header("jku", attacker.url()), A.getPrivate())),
          "control: the configured key's token passes, its jku ignored");

      assertEquals(0, attacker.requests());
      assertTrue(jwks.requested().stream().allMatch("/jwks.json"::equals), jwks.requested().toString());
    }
  }

  @Test
  void jwksEndpoint_redirectsToAnotherHost_notFollowed() {
    try (JwksServer other = new JwksServer()) {
      other.keys(rsa(A, "a"));
      jwks.redirectTo(other.url());
      start();

      assertEquals(401, go(rs256("a", A)));
      assertEquals(0, other.requests());
      assertEquals(2, jwks.requests());
      HttpResponse<Buffer> ready = readyz();
      assertEquals("degraded", ready.bodyAsJsonObject().getString("status"));
      assertTrue(ready.bodyAsJsonObject().getString("keysReason").contains("answered 302"), ready.bodyAsString());
    }
  }

  @Test
  void jwksEndpoint_httpsWithAnUntrustedCertificate_refused() {
    try (JwksServer tls = JwksServer.httpsSelfSigned()) {
      tls.keys(rsa(A, "a"));
      TestGateway.Builder b = TestGateway.with("session.keys", null).with("session.jwksUri", tls.url()).clock(clock);
      gw = b.start();
      gw.putArticle("a1", ARTICLE, "A1");

      assertEquals(401, go(rs256("a", A)));
      HttpResponse<Buffer> ready = readyz();
      assertEquals("degraded", ready.bodyAsJsonObject().getString("status"));
      assertEquals("missing", ready.bodyAsJsonObject().getString("keys"));
      assertEquals(0, tls.requests(), "the TLS handshake failed: no request was sent");
    }
  }

  @Test
  void jwksEndpoint_tooSlow_fetchAbandonedAtTheTimeoutAndTheWaitingRequestAnswered() {
    jwks.keys(rsa(A, "a"));
    start();
    jwks.delay(JwksFetcher.TIMEOUT.toMillis() + 5_000);

    long started = System.nanoTime();
    assertEquals(401, go(rs256("b", B)), "an unknown kid waits for the fetch, but not beyond its timeout");
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(waitedMillis >= JwksFetcher.TIMEOUT.toMillis() - 500 && waitedMillis < JwksFetcher.TIMEOUT.toMillis() + 3_000,
        "waited " + waitedMillis + " ms");
    assertEquals(302, go(rs256("a", A)), "the keys in force stay");
    assertTrue(readyz().bodyAsJsonObject().getString("keysReason").contains("no complete answer within 5 s"),
        readyz().bodyAsString());
  }

  @Test
  void jwksAnswer_overTheSizeCap_refusedAndLastGoodKeysKept() {
    jwks.keys(rsa(A, "a"));
    start();
    jwks.keys(rsa(B, "b")).pad(JwksFetcher.MAX_BYTES);

    clock.advance(Duration.ofMinutes(61));
    tick();

    assertEquals(2, jwks.requests());
    assertEquals(302, go(rs256("a", A)));
    HttpResponse<Buffer> ready = readyz();
    assertEquals("stale", ready.bodyAsJsonObject().getString("keys"));
    assertTrue(ready.bodyAsJsonObject().getString("keysReason").contains("larger than " + JwksFetcher.MAX_BYTES),
        ready.bodyAsString());
  }

  // ---------------------------------------------------------------- which keys are taken

  @Test
  void jwks_keysUnfitForVerification_ignoredWithOneLogLineEach() {
    KeyPair weak = rsa1024();
    KeyPair ec = TestKeys.forAlg("ES256");
    KeyPair ed = TestKeys.forAlg("EdDSA");
    jwks.keys(rsa(A, "good"), rsa(A, "enc").put("use", "enc"), TestJwks.rsa(A, "wrong-alg", "ES256"),
        rsa(weak, "weak"), TestJwks.ec(ec, "ec-no-alg", null), TestJwks.rsa(A, "rsa-no-alg", null),
        TestJwks.okp(ed, "ed", null));
    try (LogCapture log = new LogCapture()) {
      start();

      assertEquals(302, go(rs256("good", A)));
      assertEquals(401, go(rs256("enc", A)));
      assertEquals(401, go(rs256("wrong-alg", A)));
      assertEquals(401, go(token("ES256", "wrong-alg").signWith(ec.getPrivate())));
      assertEquals(401, go(signRs256ByHand(token("RS256", "weak"), weak.getPrivate())));
      assertEquals(302, go(token("ES256", "ec-no-alg").signWith(ec.getPrivate())), "P-256 implies ES256");
      assertEquals(302, go(rs256("rsa-no-alg", A)), "an RSA key without alg is RS256");
      assertEquals(401, go(token("PS256", "rsa-no-alg").signWith(A.getPrivate())), "...and only RS256");
      assertEquals(302, go(token("EdDSA", "ed").signWith(ed.getPrivate())), "Ed25519 implies EdDSA");

      clock.advance(Duration.ofHours(2));
      tick(); // one more fetch of the same set: nothing logged again
      assertTrue(jwks.requests() >= 3);
      assertEquals(1, log.matching("(kid \"enc\") ignored: use is \"enc\", not \"sig\"").size(), log.lines().toString());
      assertEquals(1, log.matching("(kid \"wrong-alg\") ignored: alg \"ES256\" does not fit an RSA key").size(),
          log.lines().toString());
      assertEquals(1, log.matching("(kid \"weak\") ignored: is a 1024-bit RSA key").size(), log.lines().toString());
      assertEquals(0, log.matching("kid \"good\") ignored").size());
    }
  }

  @Test
  void staticKey_sameKidInTheJwks_staticKeyWins() {
    jwks.keys(rsa(A, "k1"), rsa(A, "a"));
    try (LogCapture log = new LogCapture()) {
      start("session.keys", List.of(Map.of("kid", "k1", "alg", "HS256", "secret", Tokens.SECRET)));

      assertEquals(302, go(Tokens.reader(clock, "alice").sign()), "HS256 k1 from session.keys");
      assertEquals(401, go(rs256("k1", A)), "the JWKS key of kid k1 is not used");
      assertEquals(302, go(rs256("a", A)));
      assertEquals(1, log.matching("kid \"k1\" ignored: session.keys has a key with the same kid").size());
    }
  }

  // ---------------------------------------------------------------- configuration

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "floor above ceiling     | session.jwksRefreshMin | 13h | session.jwksRefreshMin: 13h is longer than session.jwksRefreshMax 12h; the floor must not exceed the ceiling",
    "default below floor     | session.jwksRefresh    | 30s | session.jwksRefresh: 30s is outside session.jwksRefreshMin 1m to session.jwksRefreshMax 12h",
    "stale before 2 ceilings | session.jwksMaxStale   | 20h | session.jwksMaxStale: 20h must be at least twice session.jwksRefreshMax (12h)",
    "maxAge not a duration   | session.maxAge         | 1y  | session.maxAge: \"1y\" is not a duration",
  })
  void config_jwksTimingsInconsistent_refusedWithTheFix(String name, String key, String value, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestGateway.with("session.jwksUri", jwks.url()).with(key, value).config());

    assertTrue(e.getMessage().startsWith(problem), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void config_jwksKeysUnset_defaults() {
    var session = TestGateway.with("session.jwksUri", jwks.url()).config().session();

    assertEquals(new linkgate.config.LinkgateConfig.Jwks(Duration.ofHours(1), Duration.ofMinutes(1),
        Duration.ofHours(12), Duration.ofHours(24), Duration.ofSeconds(30)), session.jwks());
    assertEquals(null, session.maxAge());
    assertEquals(Duration.ofDays(7),
        TestGateway.with("session.maxAge", "7d").config().session().maxAge());
  }

  static Stream<Arguments> unusableJwks() {
    KeyPair ec = TestKeys.forAlg("ES256");
    JsonObject good = TestJwks.ec(ec, "k", null);
    return Stream.of(
        Arguments.of("a shared secret", JsonObject.of("kty", "oct", "kid", "k", "k", "c2VjcmV0"), "kty \"oct\""),
        Arguments.of("a private key", good.copy().put("d", "AAAA"), "private key material"),
        Arguments.of("a point off the curve", good.copy().put("y", good.getString("x")), "not on P-256"),
        Arguments.of("key_ops without verify", good.copy().put("key_ops", new JsonArray().add("sign")),
            "does not allow \"verify\""),
        Arguments.of("an ECDH curve", JsonObject.of("kty", "OKP", "crv", "X25519", "x", good.getString("x")),
            "not a signature curve"),
        Arguments.of("a P-256 key for ES384", good.copy().put("alg", "ES384"), "does not fit an EC P-256 key"),
        Arguments.of("an RSA key for HS256", TestJwks.rsa(A, "k", "HS256"), "does not fit an RSA key"),
        Arguments.of("an unknown curve", good.copy().put("crv", "secp256k1"), "curve \"secp256k1\""),
        Arguments.of("an RSA exponent of 1", TestJwks.rsa(A, "k", null).put("e", "AQ"), "not a valid RSA"),
        Arguments.of("a kid that is not a string", good.copy().put("kid", 7), "kid is not a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableJwks")
  void jwkSet_unusableKey_skippedWithReason(String name, JsonObject jwk, String reason) {
    JwkSet.Parsed parsed = JwkSet.parse(new JsonObject().put("keys", new JsonArray().add(jwk)).toBuffer().getBytes(),
        "test");

    assertEquals(List.of(), parsed.keys());
    assertEquals(1, parsed.skipped().size());
    assertTrue(parsed.skipped().get(0).contains(reason), parsed.skipped().get(0));
  }

  @Test
  void jwkSet_everyCurveAndRsa_impliedAlgorithms() {
    JsonArray keys = new JsonArray()
        .add(TestJwks.ec(TestKeys.forAlg("ES256"), "p256", null))
        .add(TestJwks.ec(TestKeys.forAlg("ES384"), "p384", null))
        .add(TestJwks.ec(TestKeys.forAlg("ES512"), "p521", null))
        .add(TestJwks.okp(TestKeys.forAlg("EdDSA"), "ed25519", null))
        .add(TestJwks.okp(TestKeys.forAlg("Ed448"), "ed448", null))
        .add(TestJwks.rsa(A, "rsa", null))
        .add(TestJwks.rsa(A, "ps", "PS384"))
        .add(TestJwks.rsa(A, "rsa", "RS512"));

    JwkSet.Parsed parsed = JwkSet.parse(new JsonObject().put("keys", keys).toBuffer().getBytes(), "test");

    assertEquals(List.of("p256 ES256", "p384 ES384", "p521 ES512", "ed25519 EdDSA", "ed448 EdDSA", "rsa RS256",
        "ps PS384"), parsed.keys().stream().map(k -> k.kid() + " " + k.alg()).toList());
    assertEquals(List.of("key 7 (kid \"rsa\") ignored: its kid is used by an earlier key of the set, which wins"),
        parsed.skipped());
    for (KeyConfig k : parsed.keys()) {
      assertEquals("test", k.source());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "not json          | <html>",
    "an array          | []",
    "no keys           | {\"kid\": \"a\"}",
    "keys not an array | {\"keys\": {}}",
    "duplicate members | {\"keys\": [], \"keys\": []}",
  })
  void jwkSet_notAKeySet_refusedWhole(String name, String document) {
    assertThrows(IllegalArgumentException.class,
        () -> JwkSet.parse(document.getBytes(StandardCharsets.UTF_8), "test"));
  }
}
