package linkgate.auth;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** JWKs (RFC 7517, 7518 §6, 8037) of test key pairs, to serve from a {@link linkgate.testing.JwksServer}. */
final class TestJwks {
  private TestJwks() {}

  /** An RSA JWK with use sig and the given alg; {@code alg} null leaves it out. */
  static JsonObject rsa(KeyPair pair, String kid, String alg) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    JsonObject jwk = JsonObject.of("kty", "RSA", "kid", kid, "use", "sig",
        "n", b64(unsigned(key.getModulus())), "e", b64(unsigned(key.getPublicExponent())));
    return alg == null ? jwk : jwk.put("alg", alg);
  }

  /** An EC JWK; the curve follows the key, coordinates at full length. */
  static JsonObject ec(KeyPair pair, String kid, String alg) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    int bits = key.getParams().getCurve().getField().getFieldSize();
    int size = (bits + 7) / 8;
    JsonObject jwk = JsonObject.of("kty", "EC", "kid", kid, "crv", bits == 521 ? "P-521" : "P-" + bits,
        "x", b64(fixed(key.getW().getAffineX(), size)), "y", b64(fixed(key.getW().getAffineY(), size)));
    return alg == null ? jwk : jwk.put("alg", alg);
  }

  /** An OKP JWK of an Ed25519 or Ed448 key (x is the raw key: the end of its SubjectPublicKeyInfo). */
  static JsonObject okp(KeyPair pair, String kid, String alg) {
    byte[] spki = pair.getPublic().getEncoded();
    boolean ed25519 = spki.length == 44; // Ed448: 69
    int n = ed25519 ? 32 : 57;
    JsonObject jwk = JsonObject.of("kty", "OKP", "kid", kid, "crv", ed25519 ? "Ed25519" : "Ed448",
        "x", b64(Arrays.copyOfRange(spki, spki.length - n, spki.length)));
    return alg == null ? jwk : jwk.put("alg", alg);
  }

  static byte[] unsigned(BigInteger n) {
    byte[] bytes = n.toByteArray();
    return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static byte[] fixed(BigInteger n, int size) {
    byte[] raw = unsigned(n);
    byte[] out = new byte[size];
    System.arraycopy(raw, 0, out, size - raw.length, raw.length);
    return out;
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
