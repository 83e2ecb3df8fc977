package linkgate.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key pairs and PEM files for session-verification tests. Pairs are generated once per kind and
 * shared (RSA generation is slow); PEM files go to a fresh folder under {@code target/}.
 */
final class TestKeys {
  private static final Map<String, KeyPair> PAIRS = new ConcurrentHashMap<>();
  private static final Path DIR = newDir();

  private TestKeys() {}

  /**
   * The shared pair for a JWS algorithm: one RSA-2048 pair for RS* and PS*, P-256/384/521 for
   * ES256/384/512, Ed25519 for EdDSA. {@code "Ed448"} gives an Ed448 pair (also EdDSA).
   */
  static KeyPair forAlg(String alg) {
    String kind = switch (alg) {
      case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> "RSA";
      case "EdDSA" -> "Ed25519";
      default -> alg;
    };
    return PAIRS.computeIfAbsent(kind, TestKeys::generate);
  }

  /** A fresh RSA-2048 pair that no configuration knows (an attacker's). */
  static KeyPair otherRsa() {
    return PAIRS.computeIfAbsent("RSA-other", k -> generate("RSA"));
  }

  private static KeyPair generate(String kind) {
    try {
      return switch (kind) {
        case "RSA" -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(2048);
          yield g.generateKeyPair();
        }
        case "ES256", "ES384", "ES512" -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
          String curve = switch (kind) {
            case "ES256" -> "secp256r1";
            case "ES384" -> "secp384r1";
            default -> "secp521r1";
          };
          g.initialize(new ECGenParameterSpec(curve));
          yield g.generateKeyPair();
        }
        case "Ed25519", "Ed448" -> KeyPairGenerator.getInstance(kind).generateKeyPair();
        default -> throw new IllegalArgumentException("no key kind " + kind);
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key as PEM text ("-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo). */
  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** Writes the public key as a PEM file under target/ and returns its path. */
  static Path pemFile(PublicKey key) {
    try {
      Path file = Files.createTempFile(DIR, "public-", ".pem");
      Files.writeString(file, pem(key), StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code session.keys} entry for an HMAC key; {@code kid} may be null. */
  static Map<String, Object> secretKey(String kid, String alg, String secret) {
    Map<String, Object> m = entry(kid, alg);
    m.put("secret", secret);
    return m;
  }

  /** A {@code session.keys} entry for a public key, written to a PEM file; {@code kid} may be null. */
  static Map<String, Object> publicKey(String kid, String alg, PublicKey key) {
    Map<String, Object> m = entry(kid, alg);
    m.put("publicKeyFile", pemFile(key).toString());
    return m;
  }

  private static Map<String, Object> entry(String kid, String alg) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (kid != null) {
      m.put("kid", kid);
    }
    m.put("alg", alg);
    return m;
  }

  private static Path newDir() {
    try {
      Path base = Path.of("target", "test-keys").toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "keys-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
