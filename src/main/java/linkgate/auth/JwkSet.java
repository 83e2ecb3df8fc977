package linkgate.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import linkgate.config.KeyMaterial;
import linkgate.config.LinkgateConfig.KeyConfig;

/**
 * Reads a JWK Set (RFC 7517 §5) into verification keys. Only public signature keys that fit one
 * algorithm unambiguously are taken; every other key is skipped with a reason, never guessed at.
 *
 * <ul>
 *   <li>{@code kty} RSA, EC (P-256, P-384, P-521) or OKP (Ed25519, Ed448); anything else, {@code oct}
 *       included (a secret has no business in a published set), is skipped.
 *   <li>{@code use} (§4.2), when present, must be {@code sig}; {@code key_ops} (§4.3), when present,
 *       must hold {@code verify}.
 *   <li>{@code alg} (§4.4), when present, must be one the key type can verify. When absent, the key
 *       gets the one algorithm its type implies: ES256/ES384/ES512 by curve, EdDSA for OKP, and RS256
 *       for RSA (not PS*: a token must not pick among algorithms the set never named).
 *   <li>RSA keys below 2048 bits (RFC 7518 §3.3), EC points off their curve, and keys carrying private
 *       members ({@code d}, ...) are skipped.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class JwkSet {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  /** Members only a private key has (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2). */
  private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth");
  /** SubjectPublicKeyInfo prefixes of raw Ed25519 / Ed448 public keys (RFC 8410 §4). */
  private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] ED448_SPKI = HexFormat.of().parseHex("3043300506032b6571033a00");

  /** The usable keys, and one line per skipped key saying why. */
  record Parsed(List<KeyConfig> keys, List<String> skipped) {}

  private JwkSet() {}

  /**
   * Parses a JWK Set document.
   *
   * @param source names the set in each key's {@link KeyConfig#source()}
   * @throws IllegalArgumentException when the document is not a JSON object with a "keys" array
   */
  static Parsed parse(byte[] document, String source) {
    Map<String, Object> root;
    try {
      root = JSON.readValue(document, MAP);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON object (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null || !(root.get("keys") instanceof List<?> items)) {
      throw new IllegalArgumentException("no \"keys\" array (RFC 7517 §5)");
    }
    List<KeyConfig> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String name = "key " + i;
      try {
        if (!(item instanceof Map<?, ?> raw)) {
          throw new IllegalArgumentException("is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) raw;
        Object kid = jwk.get("kid");
        if (kid != null && !(kid instanceof String)) {
          throw new IllegalArgumentException("kid is not a string");
        }
        if (kid != null) {
          name = "key " + i + " (kid \"" + kid + "\")";
        }
        KeyConfig key = key(jwk, (String) kid, source);
        if (kid != null && !kids.add((String) kid)) {
          throw new IllegalArgumentException("its kid is used by an earlier key of the set, which wins");
        }
        keys.add(key);
      } catch (IllegalArgumentException e) {
        skipped.add(name + " ignored: " + e.getMessage());
      }
    }
    return new Parsed(List.copyOf(keys), List.copyOf(skipped));
  }

  private static KeyConfig key(Map<String, Object> jwk, String kid, String source) {
    Object use = jwk.get("use");
    if (use != null && !"sig".equals(use)) {
      throw new IllegalArgumentException("use is " + quoted(use) + ", not \"sig\"");
    }
    Object ops = jwk.get("key_ops");
    if (ops != null && !(ops instanceof List<?> list && list.contains("verify"))) {
      throw new IllegalArgumentException("key_ops " + ops + " does not allow \"verify\"");
    }
    for (String member : PRIVATE_MEMBERS) {
      if (jwk.containsKey(member)) {
        throw new IllegalArgumentException("holds private key material (\"" + member + "\"); a JWKS must publish"
            + " public keys only");
      }
    }
    Object kty = jwk.get("kty");
    Object algValue = jwk.get("alg");
    if (algValue != null && !(algValue instanceof String)) {
      throw new IllegalArgumentException("alg is not a string");
    }
    String alg = (String) algValue;
    PublicKey key;
    String implied;
    if ("RSA".equals(kty)) {
      key = rsa(jwk);
      implied = "RS256";
      if (alg != null && !alg.matches("(RS|PS)(256|384|512)")) {
        throw misfit(alg, "an RSA key", "RS256/384/512 or PS256/384/512");
      }
    } else if ("EC".equals(kty)) {
      Object crv = jwk.get("crv");
      implied = switch (String.valueOf(crv)) {
        case "P-256" -> "ES256";
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> throw new IllegalArgumentException("EC curve " + quoted(crv) + " is not supported;"
            + " use P-256, P-384 or P-521");
      };
      if (alg != null && !alg.equals(implied)) {
        throw misfit(alg, "an EC " + crv + " key", implied);
      }
      key = ec(jwk, (String) crv);
    } else if ("OKP".equals(kty)) {
      Object crv = jwk.get("crv");
      if (!"Ed25519".equals(crv) && !"Ed448".equals(crv)) {
        throw new IllegalArgumentException("OKP curve " + quoted(crv) + " is not a signature curve;"
            + " use Ed25519 or Ed448");
      }
      implied = "EdDSA";
      if (alg != null && !alg.equals(implied)) {
        throw misfit(alg, "an " + crv + " key", implied);
      }
      key = okp(jwk, (String) crv);
    } else {
      throw new IllegalArgumentException("kty " + quoted(kty) + " is not supported; use RSA, EC or OKP"
          + ("oct".equals(kty) ? " (a shared secret must never be published in a JWKS)" : ""));
    }
    String chosen = alg != null ? alg : implied;
    try {
      KeyMaterial.checkFits(key, chosen, "the key");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().substring("the key ".length()));
    }
    return new KeyConfig(kid, chosen, key, source);
  }

  private static IllegalArgumentException misfit(String alg, String key, String fits) {
    return new IllegalArgumentException("alg " + quoted(alg) + " does not fit " + key + " (it verifies " + fits + ")");
  }

  private static PublicKey rsa(Map<String, Object> jwk) {
    BigInteger n = unsigned(jwk, "n");
    BigInteger e = unsigned(jwk, "e");
    if (n.signum() <= 0 || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
      throw new IllegalArgumentException("is not a valid RSA public key (n must be positive, e odd and at least 3)");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (GeneralSecurityException ex) {
      throw new IllegalArgumentException("is not a valid RSA public key: " + ex.getMessage());
    }
  }

  private static PublicKey ec(Map<String, Object> jwk, String crv) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(switch (crv) {
        case "P-256" -> "secp256r1";
        case "P-384" -> "secp384r1";
        default -> "secp521r1";
      }));
      ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
      int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
      BigInteger x = coordinate(jwk, "x", size);
      BigInteger y = coordinate(jwk, "y", size);
      if (!onCurve(spec.getCurve(), x, y)) {
        // JCA does not check this; a point off the curve is not a public key of it.
        throw new IllegalArgumentException("its point is not on " + crv);
      }
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a valid EC public key: " + e.getMessage());
    }
  }

  /** y² = x³ + ax + b (mod p), with both coordinates in [0, p). */
  private static boolean onCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    return left.equals(right);
  }

  private static PublicKey okp(Map<String, Object> jwk, String crv) {
    byte[] x = bytes(jwk, "x");
    boolean ed25519 = crv.equals("Ed25519");
    int want = ed25519 ? 32 : 57; // RFC 8037 §2: the raw public key
    if (x.length != want) {
      throw new IllegalArgumentException("x is " + x.length + " bytes; an " + crv + " public key is " + want);
    }
    byte[] prefix = ed25519 ? ED25519_SPKI : ED448_SPKI;
    byte[] der = new byte[prefix.length + x.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(x, 0, der, prefix.length, x.length);
    try {
      return KeyFactory.getInstance(crv).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a valid " + crv + " public key: " + e.getMessage());
    }
  }

  private static BigInteger coordinate(Map<String, Object> jwk, String member, int size) {
    byte[] b = bytes(jwk, member);
    if (b.length == 0 || b.length > size) {
      throw new IllegalArgumentException(member + " is " + b.length + " bytes; this curve's coordinates are " + size);
    }
    return new BigInteger(1, b);
  }

  private static BigInteger unsigned(Map<String, Object> jwk, String member) {
    byte[] b = bytes(jwk, member);
    if (b.length == 0) {
      throw new IllegalArgumentException(member + " is empty");
    }
    return new BigInteger(1, b);
  }

  /** A base64url member (RFC 7518 §2 Base64urlUInt and friends). */
  private static byte[] bytes(Map<String, Object> jwk, String member) {
    if (!(jwk.get(member) instanceof String text)) {
      throw new IllegalArgumentException("\"" + member + "\" is missing or not a string");
    }
    try {
      return B64URL.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + member + "\" is not base64url");
    }
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
