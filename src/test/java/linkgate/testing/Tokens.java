package linkgate.testing;

import io.jsonwebtoken.Jwts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds session tokens for tests with safe defaults (a reader valid for 5 minutes, audience
 * "linkgate", the test secret) that each test tweaks:
 * {@code gateway.reader("alice").expiresIn(ofMinutes(1)).sign()}.
 * Header and claims are raw JSON values, so attack tests can write anything (exp as a string,
 * alg none, a jku header) and sign it with any key bytes.
 */
public final class Tokens {
  /** The HS256 secret of {@link TestGateway}'s default configuration. */
  public static final String SECRET = "test-secret-0123456789-0123456789-0123456789";

  private final Clock clock;
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims = new LinkedHashMap<>();
  private String rawClaims;
  private static final Object JSON_NULL = new Object();

  private Tokens(Clock clock, String sub) {
    this.clock = clock;
    header.put("alg", "HS256");
    header.put("kid", "k1");
    long now = clock.millis() / 1000;
    claims.put("sub", sub);
    claims.put("iat", now);
    claims.put("exp", now + 300);
    claims.put("aud", "linkgate");
  }

  /** A reader token whose times are relative to {@code clock} (use the gateway's fake clock). */
  public static Tokens reader(Clock clock, String sub) {
    return new Tokens(clock, sub);
  }

  /** A token with the admin role. */
  public static Tokens admin(Clock clock, String sub) {
    return new Tokens(clock, sub).roles("admin");
  }

  public Tokens roles(String... roles) {
    claims.put("roles", List.of(roles));
    return this;
  }

  public Tokens expiresIn(Duration d) {
    claims.put("exp", clock.millis() / 1000 + d.toSeconds());
    return this;
  }

  public Tokens claim(String name, Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  /** Sets the claim to JSON {@code null} ({@link #claim} takes null as "remove it"); HMAC signing only. */
  public Tokens nullClaim(String name) {
    claims.put(name, JSON_NULL);
    return this;
  }

  /** Replaces the claims' JSON with this text, exactly (malformed payloads); HMAC signing only. */
  public Tokens rawClaims(String json) {
    rawClaims = json;
    return this;
  }

  public Tokens header(String name, Object value) {
    if (value == null) {
      header.remove(name);
    } else {
      header.put(name, value);
    }
    return this;
  }

  /** The token signed with HMAC over {@code key} using the header's alg (HS256/384/512). */
  public String signHmac(byte[] key) {
    String alg = String.valueOf(header.get("alg"));
    String jca = switch (alg) {
      case "HS384" -> "HmacSHA384";
      case "HS512" -> "HmacSHA512";
      default -> "HmacSHA256";
    };
    String input = signingInput();
    try {
      Mac mac = Mac.getInstance(jca);
      mac.init(new SecretKeySpec(key, jca));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signed with the default test secret. */
  public String sign() {
    return signHmac(SECRET.getBytes(StandardCharsets.UTF_8));
  }

  /** Signed by JJWT with a private key (RS*, PS*, ES*, EdDSA), header alg and kid as set. */
  public String signWith(PrivateKey key) {
    var builder = Jwts.builder();
    header.forEach((k, v) -> {
      if (!k.equals("alg")) {
        builder.header().add(k, v).and();
      }
    });
    builder.claims(claims);
    String alg = String.valueOf(header.get("alg"));
    @SuppressWarnings("unchecked")
    var sig = (io.jsonwebtoken.security.SignatureAlgorithm) Jwts.SIG.get().forKey(alg);
    return builder.signWith(key, sig).compact();
  }

  /** Header and claims with an empty signature: an unsecured JWS. */
  public String unsigned() {
    return signingInput() + ".";
  }

  /** Header and claims with {@code signature} appended as-is. */
  public String withSignature(String signature) {
    return signingInput() + "." + signature;
  }

  private String signingInput() {
    byte[] payload = rawClaims != null ? rawClaims.getBytes(StandardCharsets.UTF_8) : json(claims);
    return b64(json(header)) + "." + b64(payload);
  }

  private static byte[] json(Map<String, Object> map) {
    JsonObject o = new JsonObject();
    map.forEach((k, v) -> o.put(k, v == JSON_NULL ? null : v instanceof List<?> l ? new JsonArray(l) : v));
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** For tests that need the key object of the default secret. */
  public static Key secretKey() {
    return new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }
}
