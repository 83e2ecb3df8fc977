package linkgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import linkgate.config.KeyMaterial;
import linkgate.config.LinkgateConfig;
import linkgate.testing.MutableClock;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SessionVerifier} on its own: built from a parsed configuration, driven by a
 * {@link MutableClock} that drives the date checks ({@code exp}, {@code nbf}, {@code iat}) and both
 * Caffeine caches (JJWT's parser and its clock are not used, only its signature algorithms).
 */
class SessionVerifierTest {
  private static final String ISSUER = "https://id.example.com";
  /** Long enough for HS512 (64 bytes), so one secret serves every HMAC algorithm. */
  private static final String HS_SECRET = "hs-secret-0123456789abcdef-0123456789abcdef-0123456789abcdef-0123";
  private static final String OTHER_SECRET = "other-secret-0123456789-0123456789-0123456789";

  private final MutableClock clock = MutableClock.atTenOClock();
  private final List<Rejection> rejections = new ArrayList<>();

  // ---------------------------------------------------------------- set-up helpers

  /** The test configuration (HS256 key k1 with the Tokens secret, audience linkgate) plus an issuer. */
  private static TestGateway.Builder settings() {
    return TestGateway.with("session.issuer", ISSUER);
  }

  private SessionVerifier verifier(TestGateway.Builder settings) {
    LinkgateConfig config = settings.config();
    return new SessionVerifier(config.session(), config.admin(), clock, rejections::add);
  }

  private SessionVerifier verifier() {
    return verifier(settings());
  }

  @SafeVarargs
  private SessionVerifier verifierWithKeys(Map<String, Object>... keys) {
    return verifier(settings().with("session.keys", List.of(keys)));
  }

  @SafeVarargs
  private static List<LinkgateConfig.KeyConfig> keyConfigs(Map<String, Object>... keys) {
    return settings().with("session.keys", List.of(keys)).config().session().keys();
  }

  /** A reader token that the default verifier accepts: HS256, kid k1, iss, aud, exp in 5 min. */
  private Tokens token(String sub) {
    return Tokens.reader(clock, sub).claim("iss", ISSUER);
  }

  private Tokens token() {
    return token("alice");
  }

  private long nowSeconds() {
    return clock.millis() / 1000;
  }

  private static Session session(Verdict verdict) {
    return assertInstanceOf(Session.class, verdict, () -> "refused: " + verdict);
  }

  private static byte[] bytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  // Algorithms are named as in a JWS header; "EdDSA/Ed448" is EdDSA with an Ed448 key.

  private static String jws(String alg) {
    return alg.startsWith("EdDSA") ? "EdDSA" : alg;
  }

  private static KeyPair pair(String alg) {
    return TestKeys.forAlg(alg.equals("EdDSA/Ed448") ? "Ed448" : jws(alg));
  }

  /** The {@code session.keys} entry for {@code alg}: HS_SECRET for HMAC, else a PEM file. */
  private static Map<String, Object> keyEntry(String kid, String alg) {
    return KeyMaterial.isHmac(alg)
        ? TestKeys.secretKey(kid, alg, HS_SECRET)
        : TestKeys.publicKey(kid, jws(alg), pair(alg).getPublic());
  }

  /** Signs {@code t} with the key {@link #keyEntry} configures for {@code alg}. */
  private static String sign(Tokens t, String alg) {
    t.header("alg", jws(alg));
    return KeyMaterial.isHmac(alg) ? t.signHmac(bytes(HS_SECRET)) : t.signWith(pair(alg).getPrivate());
  }

  static Stream<String> algorithms() {
    return Stream.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "ES384", "ES512", "EdDSA", "EdDSA/Ed448");
  }

  // ---------------------------------------------------------------- algorithms and keys

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void verify_validTokenOfEachAlgorithm_returnsSession(String alg) {
    SessionVerifier verifier = verifierWithKeys(keyEntry("k1", alg));
    long now = nowSeconds();

    Session admin = session(verifier.verify(sign(token("alice").roles("admin"), alg)));
    assertEquals("alice", admin.sub());
    assertTrue(admin.admin());
    assertEquals((now + 300) * 1000, admin.expiresAtMillis());
    assertEquals(now * 1000, admin.issuedAtMillis());

    Session reader = session(verifier.verify(sign(token("bob").header("kid", null), alg)));
    assertEquals("bob", reader.sub());
    assertFalse(reader.admin());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void verify_payloadSplicedUnderAnotherSignature_badSignature(String alg) {
    SessionVerifier verifier = verifierWithKeys(keyEntry("k1", alg));
    String[] alice = sign(token("alice"), alg).split("\\.");
    String[] admin = sign(token("mallory").roles("admin"), alg).split("\\.");

    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(alice[0] + "." + admin[1] + "." + alice[2]));
  }

  // ECDSA signatures are r || s, each the size of the curve order n; both must be in [1, n - 1].
  // JDK 15-18 once accepted r = s = 0 for any message ("psychic signatures", CVE-2022-21449).

  private static final BigInteger ED25519_ORDER =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  static Stream<Arguments> forgedSignatures() {
    List<Arguments> cases = new ArrayList<>();
    for (String alg : List.of("ES256", "ES384", "ES512")) {
      BigInteger n = ((java.security.interfaces.ECPublicKey) pair(alg).getPublic()).getParams().getOrder();
      int size = (n.bitLength() + 7) / 8;
      BigInteger max = BigInteger.TWO.pow(size * 8).subtract(BigInteger.ONE);
      BigInteger[][] rs = {
          {BigInteger.ZERO, BigInteger.ZERO}, {BigInteger.ZERO, BigInteger.ONE}, {BigInteger.ONE, BigInteger.ZERO},
          {n, n}, {n, BigInteger.ONE}, {BigInteger.ONE, n}, {n.add(BigInteger.ONE), BigInteger.ONE}, {max, max}};
      String[] names = {"r = s = 0", "r = 0", "s = 0", "r = s = n", "r = n", "s = n", "r = n + 1", "all bits set"};
      for (int i = 0; i < rs.length; i++) {
        byte[] sig = new byte[2 * size];
        put(sig, 0, size, rs[i][0]);
        put(sig, size, size, rs[i][1]);
        cases.add(arguments(alg, named(names[i], (Function<byte[], byte[]>) valid -> sig)));
      }
      cases.add(arguments(alg, named("one byte short", (Function<byte[], byte[]>) valid ->
          java.util.Arrays.copyOf(valid, valid.length - 1))));
      cases.add(arguments(alg, named("DER-encoded instead of r || s", (Function<byte[], byte[]>) valid ->
          der(new BigInteger(1, java.util.Arrays.copyOf(valid, size)),
              new BigInteger(1, java.util.Arrays.copyOfRange(valid, size, 2 * size))))));
    }
    // Ed25519 (RFC 8032 §5.1.7): S must be below the group order L; S + L is the malleable twin.
    cases.add(arguments("EdDSA", named("S + L (malleability)", (Function<byte[], byte[]>) valid -> {
      byte[] sig = valid.clone();
      byte[] sBig = new byte[32];
      for (int i = 0; i < 32; i++) {
        sBig[i] = valid[63 - i]; // little-endian to big-endian
      }
      BigInteger twin = new BigInteger(1, sBig).add(ED25519_ORDER);
      byte[] twinBig = new byte[32];
      put(twinBig, 0, 32, twin);
      for (int i = 0; i < 32; i++) {
        sig[32 + i] = twinBig[31 - i];
      }
      return sig;
    })));
    cases.add(arguments("EdDSA", named("all zero", (Function<byte[], byte[]>) valid -> new byte[64])));
    return cases.stream();
  }

  /** {@code value} big-endian in {@code size} bytes at {@code offset} (must fit). */
  private static void put(byte[] into, int offset, int size, BigInteger value) {
    byte[] raw = value.toByteArray();
    int skip = raw.length > size ? raw.length - size : 0; // a sign byte
    System.arraycopy(raw, skip, into, offset + size - (raw.length - skip), raw.length - skip);
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0x30);
    int length = rb.length + sb.length + 4;
    if (length > 127) {
      out.write(0x81); // P-521: the long form
    }
    out.write(length);
    out.write(0x02);
    out.write(rb.length);
    out.writeBytes(rb);
    out.write(0x02);
    out.write(sb.length);
    out.writeBytes(sb);
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("forgedSignatures")
  void verify_forgedOrOutOfRangeSignature_refused(String alg, Function<byte[], byte[]> forge) {
    SessionVerifier verifier = verifierWithKeys(keyEntry("k1", alg));
    String valid = sign(token("mallory").roles("admin"), alg);
    session(verifier.verify(valid)); // the key and the harness accept the genuine signature
    SessionVerifier fresh = verifierWithKeys(keyEntry("k1", alg)); // nothing cached
    int dot = valid.lastIndexOf('.');
    byte[] forged = forge.apply(Base64.getUrlDecoder().decode(valid.substring(dot + 1)));
    String token = valid.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(forged);

    assertEquals(Rejection.BAD_SIGNATURE, fresh.verify(token));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"standard, padded", "url-safe, unpadded"})
  void verify_secretBase64Key_verifiesWithDecodedBytes(String encoding) {
    byte[] secret = new byte[40];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (0xF8 + 7 * i); // gives "+" and "/" in standard base64
    }
    String text = encoding.startsWith("standard")
        ? Base64.getEncoder().encodeToString(secret)
        : Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    SessionVerifier verifier = verifier(settings().with("session.keys",
        List.of(Map.of("kid", "k1", "alg", "HS256", "secretBase64", text))));

    session(verifier.verify(token().signHmac(secret)));
    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(token().signHmac(bytes(text))));
  }

  @Test
  void verify_kidPresent_onlyThatKeyIsTried() {
    SessionVerifier verifier = verifierWithKeys(
        TestKeys.secretKey("k1", "HS256", HS_SECRET),
        TestKeys.secretKey("k2", "HS256", OTHER_SECRET),
        keyEntry("rsa", "RS256"));

    assertEquals("alice", session(verifier.verify(token().header("kid", "k2").signHmac(bytes(OTHER_SECRET)))).sub());
    assertEquals("alice", session(verifier.verify(sign(token().header("kid", "rsa"), "RS256"))).sub());
    // A kid names one key: a token signed with k2's secret but naming k1 is not tried against k2.
    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(token().header("kid", "k1").signHmac(bytes(OTHER_SECRET))));
  }

  @Test
  void verify_noKid_triedAgainstEveryKeyOfItsAlgorithm() {
    SessionVerifier verifier = verifierWithKeys(
        TestKeys.secretKey("k1", "HS256", HS_SECRET),
        TestKeys.secretKey("k2", "HS256", OTHER_SECRET),
        TestKeys.secretKey("k3", "HS384", Tokens.SECRET + "-0123456789"),
        keyEntry("rsa", "RS256"));
    Tokens noKid = token().header("kid", null);

    session(verifier.verify(noKid.signHmac(bytes(HS_SECRET))));
    session(verifier.verify(noKid.signHmac(bytes(OTHER_SECRET))));
    session(verifier.verify(sign(noKid, "RS256")));
    // HS256 keys only: the HS384 key's secret does not verify an HS256 token.
    assertEquals(Rejection.BAD_SIGNATURE,
        verifier.verify(noKid.header("alg", "HS256").signHmac(bytes(Tokens.SECRET + "-0123456789"))));
  }

  @Test
  void verify_keysWithoutKid_tokenNamingAKidIsUnknown() {
    SessionVerifier verifier = verifierWithKeys(TestKeys.secretKey(null, "HS256", HS_SECRET));

    session(verifier.verify(token().header("kid", null).signHmac(bytes(HS_SECRET))));
    assertEquals(Rejection.UNKNOWN_KID, verifier.verify(token().header("kid", "k1").signHmac(bytes(HS_SECRET))));
  }

  @ParameterizedTest(name = "kid {0}")
  @ValueSource(strings = {"k2", "", "K1", "k1 ", "../k1", "/etc/passwd"})
  void verify_kidNamingNoKey_unknownKid(String kid) {
    assertEquals(Rejection.UNKNOWN_KID, verifier().verify(token().header("kid", kid).sign()));
  }

  @Test
  void verify_kidNotAString_malformed() {
    assertEquals(Rejection.MALFORMED, verifier().verify(token().header("kid", 1).sign()));
    assertEquals(Rejection.MALFORMED, verifier().verify(token().header("kid", new JsonArray().add("k1")).sign()));
  }

  /** Cases: how the token departs from the k1 (HS256) / rsa (RS256) configuration, and why it fails. */
  static Stream<Arguments> algorithmMismatches() {
    KeyPair rsa = TestKeys.forAlg("RS256");
    byte[] secret = bytes(HS_SECRET);
    return Stream.of(
        mismatch("HS384 header, kid k1 (HS256), signed HS384 with k1's secret", Rejection.ALG_MISMATCH,
            t -> t.header("alg", "HS384"), s -> s.signHmac(secret)),
        mismatch("HS384 header, no kid, signed HS384 with k1's secret", Rejection.ALG_NOT_ALLOWED,
            t -> t.header("alg", "HS384").header("kid", null), s -> s.signHmac(secret)),
        mismatch("hs256 (lower case), kid k1", Rejection.ALG_MISMATCH,
            t -> t.header("alg", "hs256"), s -> s.signHmac(secret)),
        mismatch("hs256 (lower case), no kid", Rejection.ALG_NOT_ALLOWED,
            t -> t.header("alg", "hs256").header("kid", null), s -> s.signHmac(secret)),
        mismatch("Hs256 (mixed case), no kid", Rejection.ALG_NOT_ALLOWED,
            t -> t.header("alg", "Hs256").header("kid", null), s -> s.signHmac(secret)),
        mismatch("HS256 header, kid rsa (an RS256 key)", Rejection.ALG_MISMATCH,
            t -> t.header("kid", "rsa"), s -> s.signHmac(secret)),
        mismatch("RS256 header, kid k1 (an HS256 key), signed with the RSA key", Rejection.ALG_MISMATCH,
            t -> t.header("alg", "RS256"), s -> s.signWith(rsa.getPrivate())),
        mismatch("PS256 with the configured RSA key, no kid (only RS256 configured)", Rejection.ALG_NOT_ALLOWED,
            t -> t.header("alg", "PS256").header("kid", null), s -> s.signWith(rsa.getPrivate())),
        mismatch("PS256 with the configured RSA key, kid rsa", Rejection.ALG_MISMATCH,
            t -> t.header("alg", "PS256").header("kid", "rsa"), s -> s.signWith(rsa.getPrivate())),
        mismatch("rs256 (lower case), kid rsa", Rejection.ALG_MISMATCH,
            t -> t.header("alg", "rs256").header("kid", "rsa"), s -> s.withSignature("c2ln")),
        mismatch("none with a signature, no kid", Rejection.ALG_NOT_ALLOWED,
            t -> t.header("alg", "none").header("kid", null), s -> s.signHmac(secret)),
        mismatch("none with a signature, kid k1", Rejection.ALG_MISMATCH,
            t -> t.header("alg", "none"), s -> s.signHmac(secret)),
        mismatch("none without a signature", Rejection.MALFORMED,
            t -> t.header("alg", "none").header("kid", null), Tokens::unsigned),
        mismatch("no alg", Rejection.MALFORMED,
            t -> t.header("alg", null), s -> s.signHmac(secret)),
        mismatch("alg as a list", Rejection.MALFORMED,
            t -> t.header("alg", new JsonArray().add("HS256")), s -> s.signHmac(secret)));
  }

  private static Arguments mismatch(
      String name, Rejection expected, UnaryOperator<Tokens> header, Function<Tokens, String> signer) {
    return arguments(named(name, header), signer, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithmMismatches")
  void verify_algorithmNotExactlyTheKeys_refused(
      UnaryOperator<Tokens> header, Function<Tokens, String> signer, Rejection expected) {
    SessionVerifier verifier = verifierWithKeys(
        TestKeys.secretKey("k1", "HS256", HS_SECRET), keyEntry("rsa", "RS256"));

    assertEquals(expected, verifier.verify(signer.apply(header.apply(token()))));
  }

  // ---------------------------------------------------------------- claims

  /** Claim changes on an otherwise valid token, and the refusal each one earns. */
  static Stream<Arguments> refusedClaims() {
    return Stream.of(
        refused("exp missing", Rejection.INVALID_CLAIMS, t -> t.claim("exp", null)),
        refused("exp as a numeric string", Rejection.INVALID_CLAIMS, t -> t.claim("exp", "1795521600")),
        refused("exp as a boolean", Rejection.INVALID_CLAIMS, t -> t.claim("exp", true)),
        refused("nbf as a string", Rejection.INVALID_CLAIMS, t -> t.claim("nbf", "0")),
        refused("iat as a string", Rejection.INVALID_CLAIMS, t -> t.claim("iat", "0")),
        refused("sub missing", Rejection.INVALID_CLAIMS, t -> t.claim("sub", null)),
        refused("sub empty", Rejection.INVALID_CLAIMS, t -> t.claim("sub", "")),
        refused("sub a number", Rejection.INVALID_CLAIMS, t -> t.claim("sub", 42)),
        refused("iss missing", Rejection.WRONG_ISSUER, t -> t.claim("iss", null)),
        refused("iss another issuer", Rejection.WRONG_ISSUER, t -> t.claim("iss", "https://evil.example.com")),
        refused("iss in other case", Rejection.WRONG_ISSUER, t -> t.claim("iss", "https://ID.example.com")),
        refused("iss with a trailing slash", Rejection.WRONG_ISSUER, t -> t.claim("iss", ISSUER + "/")),
        refused("iss as a list", Rejection.WRONG_ISSUER, t -> t.claim("iss", List.of(ISSUER))),
        refused("aud missing", Rejection.WRONG_AUDIENCE, t -> t.claim("aud", null)),
        refused("aud another string", Rejection.WRONG_AUDIENCE, t -> t.claim("aud", "other-app")),
        refused("aud with a trailing space", Rejection.WRONG_AUDIENCE, t -> t.claim("aud", "linkgate ")),
        refused("aud a list without linkgate", Rejection.WRONG_AUDIENCE, t -> t.claim("aud", List.of("a", "b"))),
        refused("aud an empty list", Rejection.WRONG_AUDIENCE, t -> t.claim("aud", List.of())),
        refused("aud an object", Rejection.WRONG_AUDIENCE, t -> t.claim("aud", JsonObject.of("linkgate", true))));
  }

  private static Arguments refused(String name, Rejection expected, UnaryOperator<Tokens> change) {
    return arguments(named(name, change), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedClaims")
  void verify_claimsBreakingARule_refused(UnaryOperator<Tokens> change, Rejection expected) {
    assertEquals(expected, verifier().verify(change.apply(token()).sign()));
  }

  static Stream<Arguments> acceptedClaims() {
    return Stream.of(
        accepted("aud a string", t -> t.claim("aud", "linkgate")),
        accepted("aud a list holding linkgate", t -> t.claim("aud", List.of("x", "linkgate"))),
        accepted("iat missing", t -> t.claim("iat", null)),
        accepted("fractional iat", t -> t.claim("iat", 1795514399.25)),
        accepted("extra header and claims", t -> t.header("typ", "JWT").claim("email", "a@example.com")));
  }

  private static Arguments accepted(String name, UnaryOperator<Tokens> change) {
    return arguments(named(name, change));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedClaims")
  void verify_claimsWithinTheRules_accepted(UnaryOperator<Tokens> change) {
    session(verifier().verify(change.apply(token()).sign()));
  }

  @Test
  void verify_issuerAndAudienceUnset_anyOrNoneAccepted() {
    SessionVerifier verifier = verifier(settings().with("session.issuer", null).with("session.audience", null));

    session(verifier.verify(token().claim("iss", null).claim("aud", null).sign()));
    session(verifier.verify(token().claim("iss", "https://anyone.example").claim("aud", "anything").sign()));
  }

  // ---------------------------------------------------------------- time, to the millisecond

  @ParameterizedTest(name = "clockSkew {0}")
  @ValueSource(strings = {"0s", "1500ms", "30s"})
  void verify_expPlusSkew_acceptedUntilTheMillisecondBefore(String skew) {
    SessionVerifier verifier = verifier(settings().with("session.clockSkew", skew));
    long skewMillis = skewMillis(skew);
    long exp = nowSeconds() + 60;
    String token = token().claim("exp", exp).sign();

    clock.set(Instant.ofEpochMilli(exp * 1000 + skewMillis - 1));
    session(verifier.verify(token));
    clock.advance(Duration.ofMillis(1));
    assertEquals(Rejection.EXPIRED, verifier.verify(token));
  }

  @ParameterizedTest(name = "clockSkew {0}")
  @ValueSource(strings = {"0s", "1500ms", "30s"})
  void verify_nbfMinusSkew_acceptedFromThatMillisecond(String skew) {
    SessionVerifier verifier = verifier(settings().with("session.clockSkew", skew));
    long nbf = nowSeconds() + 60;
    String token = token().claim("nbf", nbf).claim("exp", nbf + 300).sign();

    clock.set(Instant.ofEpochMilli(nbf * 1000 - skewMillis(skew) - 1));
    assertEquals(Rejection.NOT_YET_VALID, verifier.verify(token));
    clock.advance(Duration.ofMillis(1));
    session(verifier.verify(token)); // "not yet" is not remembered: time cures it
  }

  @ParameterizedTest(name = "clockSkew {0}")
  @ValueSource(strings = {"0s", "30s"})
  void verify_fractionalExp_countsItsMilliseconds(String skew) {
    SessionVerifier verifier = verifier(settings().with("session.clockSkew", skew));
    long exp = nowSeconds() + 60;
    String token = token().claim("exp", exp + 0.5).sign(); // RFC 7519 §2: NumericDate may be non-integer

    clock.set(Instant.ofEpochMilli(exp * 1000 + 500 + skewMillis(skew) - 1));
    Session session = session(verifier.verify(token));
    assertEquals(exp * 1000 + 500, session.expiresAtMillis());
    clock.advance(Duration.ofMillis(1));
    assertEquals(Rejection.EXPIRED, verifier.verify(token));
  }

  @Test
  void verify_clockFarFromSystemTime_datesJudgedByTheVerifiersClock() {
    SessionVerifier verifier = verifier();

    clock.set(Instant.parse("2001-02-03T04:05:06Z")); // long expired by the system clock
    session(verifier.verify(token().sign()));
    clock.set(Instant.parse("2090-02-03T04:05:06Z")); // not yet valid by the system clock
    session(verifier.verify(token().claim("nbf", nowSeconds()).sign()));
  }

  /** Date claims at and beyond the range taken (9999-12-31T23:59:59Z = 253402300799 s). */
  static Stream<Arguments> extremeDates() {
    long max = 253_402_300_799L;
    return Stream.of(
        arguments("exp at the last second of year 9999", "exp", max, null),
        arguments("exp one second later", "exp", max + 1, Rejection.INVALID_CLAIMS),
        arguments("exp 1e300", "exp", 1e300, Rejection.INVALID_CLAIMS),
        arguments("exp Long.MAX_VALUE", "exp", Long.MAX_VALUE, Rejection.INVALID_CLAIMS),
        arguments("exp 1e19, beyond a long", "exp", new BigInteger("10000000000000000000"), Rejection.INVALID_CLAIMS),
        arguments("exp 1e400, beyond a double", "exp", new BigDecimal("1e400"), Rejection.INVALID_CLAIMS),
        arguments("exp -1e300", "exp", -1e300, Rejection.INVALID_CLAIMS),
        arguments("exp 0", "exp", 0, Rejection.EXPIRED),
        arguments("nbf 0", "nbf", 0, null),
        arguments("nbf -(year 9999)", "nbf", -max, null),
        arguments("nbf Long.MIN_VALUE", "nbf", Long.MIN_VALUE, Rejection.INVALID_CLAIMS),
        arguments("nbf 1e300", "nbf", 1e300, Rejection.INVALID_CLAIMS),
        arguments("iat 1e300", "iat", 1e300, Rejection.INVALID_CLAIMS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extremeDates")
  void verify_extremeNumericDates_refusedAsInvalidClaimsNeverThrown(
      String name, String claim, Object value, Rejection expected) {
    Verdict verdict = verifier().verify(token().claim(claim, value).sign());

    if (expected == null) {
      session(verdict);
    } else {
      assertEquals(expected, verdict);
    }
  }

  private static long skewMillis(String skew) {
    return skew.endsWith("ms") ? Long.parseLong(skew.replace("ms", ""))
        : Long.parseLong(skew.replace("s", "")) * 1000;
  }

  // ---------------------------------------------------------------- roles

  static Stream<Arguments> roles() {
    JsonObject realmAdmin = JsonObject.of("roles", JsonArray.of("reader", "admin"));
    return Stream.of(
        arguments("roles", "roles", JsonArray.of("reader", "admin"), true),
        arguments("roles", "roles", JsonArray.of("reader"), false),
        arguments("roles", "roles", JsonArray.of("administrator", "Admin"), false),
        arguments("roles", "roles", "reader admin", true),
        arguments("roles", "roles", "admin", true),
        arguments("roles", "roles", "reader administrator", false),
        arguments("roles", "roles", JsonObject.of("admin", true), false),
        arguments("roles", "groups", JsonArray.of("admin"), false),
        arguments("/realm_access/roles", "realm_access", realmAdmin, true),
        arguments("/realm_access/roles", "realm_access", JsonObject.of("roles", "reader admin"), true),
        arguments("/realm_access/roles", "realm_access", JsonObject.of("roles", JsonArray.of("reader")), false),
        arguments("/realm_access/roles", "roles", JsonArray.of("admin"), false),
        arguments("app.roles", "app.roles", JsonArray.of("admin"), true),
        arguments("app.roles", "app", JsonObject.of("roles", JsonArray.of("admin")), false));
  }

  @ParameterizedTest(name = "rolesClaim {0}, claim {1} = {2} -> admin {3}")
  @MethodSource("roles")
  void verify_rolesClaim_setsAdminFlag(String rolesClaim, String claim, Object value, boolean admin) {
    SessionVerifier verifier = verifier(settings().with("admin.rolesClaim", rolesClaim));

    assertEquals(admin, session(verifier.verify(token().claim(claim, value).sign())).admin());
  }

  // ---------------------------------------------------------------- caches

  @Test
  void verify_sameTokenAgain_cachedFromItsSecondCheck() {
    SessionVerifier verifier = verifier();
    String token = token().sign();

    Session first = session(verifier.verify(token));
    Session second = session(verifier.verify(token));
    assertNotSame(first, second, "a token seen once is not cached");
    assertEquals(2, verifier.signatureChecks());
    for (int i = 0; i < 3; i++) {
      assertSame(second, verifier.verify(token));
    }
    assertEquals(2, verifier.signatureChecks(), "from the second check on, the cache answers");
  }

  @Test
  void verify_oneTimeTokens_areNotCached_aRepeatedOneIs() {
    SessionVerifier verifier = verifier();
    String regular = token("regular").sign();
    session(verifier.verify(regular));
    Session cached = session(verifier.verify(regular));
    for (int i = 0; i < 2_000; i++) {
      session(verifier.verify(token("once-" + i).sign()));
      assertSame(cached, verifier.verify(regular));
    }
    assertEquals(1, verifier.cachedSessions(), "only the token seen twice is cached");
    assertEquals(2 + 2_000, verifier.signatureChecks(), "each one-time token checked once, the regular one twice");
  }

  @Test
  void verify_cachedTokenOnceExpPasses_checkedAgainThenExpired() {
    SessionVerifier verifier = verifier(); // clockSkew 30s
    long exp = nowSeconds() + 60;
    String token = token().claim("exp", exp).sign();
    session(verifier.verify(token));
    Session first = session(verifier.verify(token)); // cached from its second check

    clock.set(Instant.ofEpochMilli(exp * 1000 - 1));
    assertSame(first, verifier.verify(token));
    clock.set(Instant.ofEpochMilli(exp * 1000));
    Session again = session(verifier.verify(token)); // still inside the skew, but no longer cached
    assertNotSame(first, again);
    clock.set(Instant.ofEpochMilli(exp * 1000 + 30_000));
    assertEquals(Rejection.EXPIRED, verifier.verify(token));
  }

  @Test
  void verify_cachedTokenAlteredByOneCharacter_checkedAsReceived() {
    SessionVerifier verifier = verifier();
    String token = token().sign();
    session(verifier.verify(token));

    assertEquals(Rejection.MALFORMED, verifier.verify(token + " "));
    assertEquals(Rejection.MALFORMED, verifier.verify(" " + token));
    assertEquals(Rejection.MALFORMED, verifier.verify(token + "="));
    assertEquals(Rejection.MALFORMED, verifier.verify(token + "."));
  }

  @Test
  void verify_forgedTokenTwice_refusedTwiceForTheSameReason() {
    SessionVerifier verifier = verifier();
    String forged = token().roles("admin").expiresIn(Duration.ofHours(1)).signHmac(bytes(OTHER_SECRET));

    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(forged));
    assertEquals(1, verifier.signatureChecks());
    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(forged));
    assertEquals(1, verifier.signatureChecks(), "the repeat is answered from the refusal cache");
    clock.advance(Duration.ofMinutes(10)); // past the refusal cache's lifetime
    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(forged));
    assertEquals(2, verifier.signatureChecks(), "checked again once the refusal expired");
    assertEquals(List.of(Rejection.BAD_SIGNATURE, Rejection.BAD_SIGNATURE, Rejection.BAD_SIGNATURE), rejections);
  }

  @Test
  void verify_expiredToken_refusedAgainAsExpired() {
    SessionVerifier verifier = verifier();
    String token = token().claim("exp", nowSeconds() - 31).sign();

    assertEquals(Rejection.EXPIRED, verifier.verify(token));
    assertEquals(Rejection.EXPIRED, verifier.verify(token));
    assertEquals(List.of(Rejection.EXPIRED, Rejection.EXPIRED), rejections);
  }

  @Test
  void replaceKeys_keyRemoved_itsCachedTokensStopAtOnce() {
    Map<String, Object> k1 = TestKeys.secretKey("k1", "HS256", HS_SECRET);
    Map<String, Object> k2 = TestKeys.secretKey("k2", "HS256", OTHER_SECRET);
    SessionVerifier verifier = verifierWithKeys(k1, k2);
    String withKid = token().header("kid", "k2").signHmac(bytes(OTHER_SECRET));
    String withoutKid = token("bob").header("kid", null).signHmac(bytes(OTHER_SECRET));
    String keptKey = token("carol").signHmac(bytes(HS_SECRET));
    session(verifier.verify(withKid));
    session(verifier.verify(withoutKid));
    session(verifier.verify(keptKey));
    Session kept = session(verifier.verify(keptKey)); // cached from its second check

    verifier.replaceKeys(keyConfigs(k1), Duration.ofSeconds(30));

    assertEquals(1, verifier.keyCount());
    assertEquals(Rejection.UNKNOWN_KID, verifier.verify(withKid));
    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(withoutKid));
    Session again = session(verifier.verify(keptKey));
    assertNotSame(kept, again); // the valid cache was emptied too
  }

  @Test
  void replaceKeys_keyAdded_itsRefusedTokensWorkAtOnce() {
    Map<String, Object> k1 = TestKeys.secretKey("k1", "HS256", HS_SECRET);
    Map<String, Object> k2 = TestKeys.secretKey("k2", "HS256", OTHER_SECRET);
    SessionVerifier verifier = verifierWithKeys(k1);
    String withKid = token().header("kid", "k2").signHmac(bytes(OTHER_SECRET));
    String withoutKid = token("bob").header("kid", null).signHmac(bytes(OTHER_SECRET));
    assertEquals(Rejection.UNKNOWN_KID, verifier.verify(withKid));
    assertEquals(Rejection.BAD_SIGNATURE, verifier.verify(withoutKid));

    verifier.replaceKeys(keyConfigs(k1, k2), Duration.ofSeconds(30));

    assertEquals(2, verifier.keyCount());
    assertEquals("alice", session(verifier.verify(withKid)).sub());
    assertEquals("bob", session(verifier.verify(withoutKid)).sub());
  }
}
