package linkgate.auth;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import linkgate.testing.MutableClock;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JWT attacks of the issue, each sent to a real gateway as a Bearer token (API client) and as
 * the session cookie (browser): every one must be treated as anonymous and never reach the
 * article's URL. Controls prove the same harness lets correctly signed tokens through.
 *
 * <p>The gateway knows two keys: HS256 "k1" (the test secret) and RS256 "rsa" (a PEM written by
 * the test). A local "attacker" server serves a JWKS of a key the gateway does not know; tokens
 * point at it with jku/x5u, and the test checks it was never asked for anything.
 */
class JwtAttackTest {
  private static final String ISSUER = "https://id.example.com";
  private static final String ARTICLE = "https://example.org/a1";
  private static final String LOGIN = "https://example.com/login?return_to="
      + URLEncoder.encode("https://go.example.com/go/a1", StandardCharsets.UTF_8);
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final long T0_SECONDS = T0.getEpochSecond();
  private static final MutableClock CLOCK = new MutableClock(T0);
  private static final KeyPair RSA = TestKeys.forAlg("RS256");
  private static final KeyPair ATTACKER = TestKeys.otherRsa();
  private static final AtomicInteger ATTACKER_REQUESTS = new AtomicInteger();

  private static Vertx attackerVertx;
  private static String attackerUrl;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    attackerVertx = Vertx.vertx();
    JsonObject jwks = JsonObject.of("keys", JsonArray.of(jwk(ATTACKER, "attacker")));
    HttpServer server = await(attackerVertx.createHttpServer()
        .requestHandler(request -> {
          ATTACKER_REQUESTS.incrementAndGet();
          request.response().putHeader("Content-Type", "application/json").end(jwks.encode());
        })
        .listen(0, "127.0.0.1"));
    attackerUrl = "http://127.0.0.1:" + server.actualPort();
    proveTheAttackerServerCounts();

    gateway = TestGateway.with("session.issuer", ISSUER)
        .with("session.keys", List.of(
            TestKeys.secretKey("k1", "HS256", Tokens.SECRET),
            TestKeys.publicKey("rsa", "RS256", RSA.getPublic())))
        .clock(CLOCK)
        .start();
    gateway.putArticle("a1", ARTICLE, "A1");
  }

  private static void proveTheAttackerServerCounts() {
    WebClient client = WebClient.create(attackerVertx);
    await(client.getAbs(attackerUrl + "/jwks.json").send());
    client.close();
    assertEquals(1, ATTACKER_REQUESTS.getAndSet(0));
  }

  @AfterAll
  static void stop() {
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      await(attackerVertx.close());
    }
  }

  /**
   * Each case starts at T0 with empty verifier caches (same keys): some cases build the same token
   * text at different clock readings, and a refusal remembered from one must not answer another.
   */
  @BeforeEach
  void resetClockAndCaches() {
    CLOCK.set(T0);
    gateway.gateway().verifier().replaceKeys(
        gateway.config().session().keys(), gateway.config().session().clockSkew());
  }

  // ---------------------------------------------------------------- tokens

  /** A token the gateway accepts once signed: HS256, kid k1, iss, aud linkgate, exp in 5 min. */
  private static Tokens hs() {
    return Tokens.reader(CLOCK, "alice").claim("iss", ISSUER);
  }

  /** The same claims for the RS256 key: header alg RS256, kid rsa; sign with {@link #rs256}. */
  private static Tokens rs() {
    return hs().header("alg", "RS256").header("kid", "rsa");
  }

  /** RS256 over the token's header and claims exactly as built (JJWT's builder would tidy them). */
  private static String rs256(Tokens t, PrivateKey key) {
    String unsigned = t.unsigned();
    String input = unsigned.substring(0, unsigned.length() - 1);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RSA key as a public JWK (RFC 7517 §4, RFC 7518 §6.3.1). */
  private static JsonObject jwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return JsonObject.of("kty", "RSA", "kid", kid, "use", "sig", "alg", "RS256",
        "n", b64(unsigned(key.getModulus())), "e", b64(unsigned(key.getPublicExponent())));
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] bytes = n.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] rsaPem() {
    return TestKeys.pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] rsaDer() {
    return RSA.getPublic().getEncoded();
  }

  private static String withoutSignature(String token) {
    return token.substring(0, token.lastIndexOf('.'));
  }

  private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /**
   * The token with the lowest unused bit of segment {@code segment}'s last character set: the
   * segment decodes to the same bytes. The segment's length must not be a multiple of 4.
   */
  private static String withUnusedBitSet(String token, int segment) {
    String[] parts = token.split("\\.", -1);
    String s = parts[segment];
    if (s.length() % 4 == 0) {
      throw new IllegalArgumentException("segment " + segment + " has no unused bits: " + s);
    }
    char last = B64URL.charAt(B64URL.indexOf(s.charAt(s.length() - 1)) | 1);
    parts[segment] = s.substring(0, s.length() - 1) + last;
    String changed = String.join(".", parts);
    assertTrue(Arrays.equals(Base64.getUrlDecoder().decode(s), Base64.getUrlDecoder().decode(parts[segment]))
        && !changed.equals(token), "the same bytes under another string");
    return changed;
  }

  /** An accepted HS256 token whose header and payload lengths are not multiples of 4. */
  private static String hsWithUnevenPayload() {
    for (int pad = 0; ; pad++) {
      String token = hs().claim("pad", "x".repeat(pad)).sign();
      String[] parts = token.split("\\.");
      if (parts[0].length() % 4 != 0 && parts[1].length() % 4 != 0) {
        return token;
      }
    }
  }

  /** HS256 with the test secret over a signing input exactly as given. */
  private static String hs256(String input) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the clock after the token is built, so the token's times stay relative to T0. */
  private static String at(Instant now, String token) {
    CLOCK.set(now);
    return token;
  }

  // ---------------------------------------------------------------- cases

  /** A token to send, and the reason the verifier gives (null: it must be accepted). */
  record Case(String name, Supplier<String> token, Rejection reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case refused(String name, Rejection reason, Supplier<String> token) {
    return new Case(name, token, reason);
  }

  private static Case accepted(String name, Supplier<String> token) {
    return new Case(name, token, null);
  }

  static Stream<Case> attacks() {
    return Stream.of(
        refused("alg none, no signature", Rejection.MALFORMED,
            () -> hs().header("alg", "none").header("kid", null).unsigned()),
        refused("alg None, no signature", Rejection.MALFORMED,
            () -> hs().header("alg", "None").header("kid", null).unsigned()),
        refused("alg NONE, no signature", Rejection.MALFORMED,
            () -> hs().header("alg", "NONE").header("kid", null).unsigned()),
        refused("alg none, signed, no kid", Rejection.ALG_NOT_ALLOWED,
            () -> hs().header("alg", "none").header("kid", null).sign()),
        refused("alg None, signed, no kid", Rejection.ALG_NOT_ALLOWED,
            () -> hs().header("alg", "None").header("kid", null).sign()),
        refused("alg NONE, signed, no kid", Rejection.ALG_NOT_ALLOWED,
            () -> hs().header("alg", "NONE").header("kid", null).sign()),
        refused("alg none, signed, kid k1", Rejection.ALG_MISMATCH,
            () -> hs().header("alg", "none").sign()),

        refused("HS256 keyed with the RSA public key's PEM, kid rsa", Rejection.ALG_MISMATCH,
            () -> hs().header("kid", "rsa").signHmac(rsaPem())),
        refused("HS256 keyed with the RSA public key's PEM, no kid", Rejection.BAD_SIGNATURE,
            () -> hs().header("kid", null).signHmac(rsaPem())),
        refused("HS256 keyed with the RSA public key's DER, kid rsa", Rejection.ALG_MISMATCH,
            () -> hs().header("kid", "rsa").signHmac(rsaDer())),
        refused("HS256 keyed with the RSA public key's DER, no kid", Rejection.BAD_SIGNATURE,
            () -> hs().header("kid", null).signHmac(rsaDer())),

        refused("kid rsa on an HS256 token signed with k1's secret", Rejection.ALG_MISMATCH,
            () -> hs().header("kid", "rsa").sign()),
        refused("kid k1 on an RS256 token signed with the RSA key", Rejection.ALG_MISMATCH,
            () -> rs256(rs().header("kid", "k1"), RSA.getPrivate())),
        refused("kid ../../../../dev/null, HMAC with an empty key", Rejection.UNKNOWN_KID,
            () -> hs().header("kid", "../../../../dev/null").signHmac(new byte[1])),
        refused("kid ../k1, signed with k1's secret", Rejection.UNKNOWN_KID,
            () -> hs().header("kid", "../k1").sign()),
        refused("kid k1/../k1, signed with k1's secret", Rejection.UNKNOWN_KID,
            () -> hs().header("kid", "k1/../k1").sign()),

        refused("jku to the attacker's JWKS, kid of the attacker's key", Rejection.UNKNOWN_KID,
            () -> rs256(rs().header("jku", attackerUrl + "/jwks.json").header("kid", "attacker"),
                ATTACKER.getPrivate())),
        refused("jku to the attacker's JWKS, kid rsa", Rejection.BAD_SIGNATURE,
            () -> rs256(rs().header("jku", attackerUrl + "/jwks.json"), ATTACKER.getPrivate())),
        refused("jku to the attacker's JWKS, no kid", Rejection.BAD_SIGNATURE,
            () -> rs256(rs().header("jku", attackerUrl + "/jwks.json").header("kid", null),
                ATTACKER.getPrivate())),
        refused("x5u to the attacker's server, no kid", Rejection.BAD_SIGNATURE,
            () -> rs256(rs().header("x5u", attackerUrl + "/cert.pem").header("kid", null),
                ATTACKER.getPrivate())),
        refused("x5u to the attacker's server, kid rsa", Rejection.BAD_SIGNATURE,
            () -> rs256(rs().header("x5u", attackerUrl + "/cert.pem"), ATTACKER.getPrivate())),
        refused("embedded jwk of the attacker's key, no kid", Rejection.BAD_SIGNATURE,
            () -> rs256(rs().header("jwk", jwk(ATTACKER, "attacker").getMap()).header("kid", null),
                ATTACKER.getPrivate())),
        refused("embedded jwk of the attacker's key, kid rsa", Rejection.BAD_SIGNATURE,
            () -> rs256(rs().header("jwk", jwk(ATTACKER, "rsa").getMap()), ATTACKER.getPrivate())),
        refused("RS256 signed with the attacker's key, kid rsa", Rejection.BAD_SIGNATURE,
            () -> rs256(rs(), ATTACKER.getPrivate())),
        refused("HS256 signed with another secret", Rejection.BAD_SIGNATURE,
            () -> hs().signHmac(("not-" + Tokens.SECRET).getBytes(StandardCharsets.UTF_8))),

        refused("exp missing", Rejection.INVALID_CLAIMS,
            () -> hs().claim("exp", null).sign()),
        refused("exp as a string", Rejection.INVALID_CLAIMS,
            () -> hs().claim("exp", String.valueOf(T0_SECONDS + 300)).sign()),
        refused("exp + skew is now (the first refused millisecond)", Rejection.EXPIRED,
            () -> hs().claim("exp", T0_SECONDS - 30).sign()),
        refused("exp + skew 1 ms ago", Rejection.EXPIRED,
            () -> at(T0.plusMillis(1), hs().claim("exp", T0_SECONDS - 30).sign())),
        refused("nbf 1 ms beyond the skew", Rejection.NOT_YET_VALID,
            () -> at(T0.minusMillis(1), hs().claim("nbf", T0_SECONDS + 30).sign())),
        refused("nbf an hour ahead", Rejection.NOT_YET_VALID,
            () -> hs().claim("nbf", T0_SECONDS + 3600).expiresIn(Duration.ofHours(2)).sign()),
        refused("iss another issuer", Rejection.WRONG_ISSUER,
            () -> hs().claim("iss", "https://evil.example.com").sign()),
        refused("iss missing", Rejection.WRONG_ISSUER,
            () -> hs().claim("iss", null).sign()),
        refused("aud another audience", Rejection.WRONG_AUDIENCE,
            () -> hs().claim("aud", "other-app").sign()),
        refused("aud a list without linkgate", Rejection.WRONG_AUDIENCE,
            () -> hs().claim("aud", List.of("other-app", "linkgate2")).sign()),
        refused("aud missing", Rejection.WRONG_AUDIENCE,
            () -> hs().claim("aud", null).sign()),
        refused("sub missing", Rejection.INVALID_CLAIMS,
            () -> hs().claim("sub", null).sign()),

        refused("nbf null", Rejection.INVALID_CLAIMS,
            () -> hs().nullClaim("nbf").sign()),
        refused("iat null", Rejection.INVALID_CLAIMS,
            () -> hs().nullClaim("iat").sign()),
        refused("exp null", Rejection.INVALID_CLAIMS,
            () -> hs().nullClaim("exp").sign()),
        refused("payload JSON followed by text, signed", Rejection.MALFORMED,
            () -> hs().rawClaims(new String(Base64.getUrlDecoder().decode(hs().unsigned().split("\\.")[1]),
                StandardCharsets.UTF_8) + "xx").sign()),

        // Decoders ignore the bits past a segment's last byte: setting them makes another string
        // of the same bytes, which "checked exactly as received" must refuse.
        refused("signature's unused last bits set (same bytes, another string)", Rejection.MALFORMED,
            () -> withUnusedBitSet(hs().sign(), 2)),
        refused("payload's unused last bits set, then signed", Rejection.MALFORMED,
            () -> hs256(withUnusedBitSet(withoutSignature(hsWithUnevenPayload()), 1))),
        refused("header's unused last bits set, then signed", Rejection.MALFORMED,
            () -> hs256(withUnusedBitSet(withoutSignature(hsWithUnevenPayload()), 0))),

        refused("2 segments", Rejection.MALFORMED,
            () -> withoutSignature(hs().sign())),
        refused("4 segments", Rejection.MALFORMED,
            () -> hs().sign() + ".c2ln"),
        refused("5 segments (JWE shape)", Rejection.MALFORMED,
            () -> b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}".getBytes(StandardCharsets.UTF_8))
                + ".a2V5.aXY.Y2lwaGVy.dGFn"));
  }

  static Stream<Case> controls() {
    return Stream.of(
        accepted("HS256, kid k1", () -> hs().sign()),
        accepted("HS256, no kid", () -> hs().header("kid", null).sign()),
        accepted("RS256, kid rsa", () -> rs256(rs(), RSA.getPrivate())),
        accepted("RS256, no kid", () -> rs256(rs().header("kid", null), RSA.getPrivate())),
        accepted("RS256 signed by JJWT", () -> rs().signWith(RSA.getPrivate())),
        accepted("exp + skew 1 ms ahead (expired just inside the skew)",
            () -> at(T0.minusMillis(1), hs().claim("exp", T0_SECONDS - 30).sign())),
        accepted("nbf exactly the skew ahead", () -> hs().claim("nbf", T0_SECONDS + 30).sign()),
        accepted("HS256 with header and payload lengths not multiples of 4 (canonical)",
            JwtAttackTest::hsWithUnevenPayload),
        accepted("HS256 signed over the signing input by this test's own HMAC",
            () -> hs256(withoutSignature(hs().sign()))),
        accepted("aud a list holding linkgate", () -> hs().claim("aud", List.of("other-app", "linkgate")).sign()),
        accepted("jku to the attacker's JWKS, signed with the configured key (header ignored)",
            () -> rs256(rs().header("jku", attackerUrl + "/jwks.json"), RSA.getPrivate())));
  }

  // ---------------------------------------------------------------- tests

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void go_attackToken_treatedAsAnonymous(Case attack) {
    String token = attack.token().get();

    HttpResponse<Buffer> api = asBearer(token);
    assertEquals(401, api.statusCode(), api::bodyAsString);
    assertTrue(api.getHeader("WWW-Authenticate").startsWith("Bearer"), api.getHeader("WWW-Authenticate"));
    assertTrue(api.getHeader("Content-Type").startsWith("application/json"), api.getHeader("Content-Type"));
    assertEquals("unauthenticated", api.bodyAsJsonObject().getString("error"));
    assertNotNull(api.bodyAsJsonObject().getString("message"));
    assertNeverTheArticle(api);

    HttpResponse<Buffer> browser = asCookie(token);
    assertEquals(302, browser.statusCode(), browser::bodyAsString);
    assertEquals(LOGIN, browser.getHeader("Location"));
    assertNeverTheArticle(browser);

    assertEquals(0, ATTACKER_REQUESTS.get(), "the gateway fetched a URL named in a token");
    assertEquals(attack.reason(), gateway.gateway().verifier().verify(token), "refused for another reason");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controls")
  void go_correctlySignedToken_redirectsToTheArticle(Case control) {
    String token = control.token().get();

    HttpResponse<Buffer> api = asBearer(token);
    assertEquals(302, api.statusCode(), api::bodyAsString);
    assertEquals(ARTICLE, api.getHeader("Location"));

    HttpResponse<Buffer> browser = asCookie(token);
    assertEquals(302, browser.statusCode(), browser::bodyAsString);
    assertEquals(ARTICLE, browser.getHeader("Location"));
    assertEquals(0, ATTACKER_REQUESTS.get());
  }

  @Test
  void go_validTokenOnlyInAccessTokenQuery_treatedAsAnonymous() {
    String token = hs().sign();
    assertEquals(ARTICLE, asBearer(token).getHeader("Location")); // the token itself is good

    HttpResponse<Buffer> api = gateway.get("/go/a1?access_token=" + token, "Accept", "application/json");
    assertEquals(401, api.statusCode(), api::bodyAsString);
    // No error="invalid_token": the query token was not even read (RFC 6750 §3).
    assertEquals("Bearer realm=\"linkgate\"", api.getHeader("WWW-Authenticate"));
    assertEquals("unauthenticated", api.bodyAsJsonObject().getString("error"));
    assertNeverTheArticle(api);

    HttpResponse<Buffer> browser = gateway.get("/go/a1?access_token=" + token, "Accept", "text/html");
    assertEquals(302, browser.statusCode(), browser::bodyAsString);
    assertEquals(LOGIN, browser.getHeader("Location")); // the query is not carried to return_to
    assertNeverTheArticle(browser);
  }

  private static HttpResponse<Buffer> asBearer(String token) {
    return gateway.get("/go/a1", "Authorization", "Bearer " + token, "Accept", "application/json");
  }

  private static HttpResponse<Buffer> asCookie(String token) {
    return gateway.get("/go/a1", "Cookie", "session=" + token, "Accept", "text/html");
  }

  private static void assertNeverTheArticle(HttpResponse<Buffer> response) {
    assertFalse(ARTICLE.equals(response.getHeader("Location")), "redirected to the article");
    String body = response.bodyAsString();
    assertFalse(body != null && body.contains("example.org"), () -> "the body names the article: " + body);
  }
}
