package linkgate.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Turns configured key material into JCA keys, with messages that say how to fix it. */
public final class KeyMaterial {
  /** Algorithms a key may name, exactly as JWS headers spell them (RFC 7518 §3.1, RFC 8037). */
  public static final Set<String> ALGORITHMS =
      Set.of(
          "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
          "ES256", "ES384", "ES512", "EdDSA");

  private KeyMaterial() {}

  /** True for HS256/384/512. */
  public static boolean isHmac(String alg) {
    return alg.startsWith("HS");
  }

  /** Minimum HMAC key length in bytes: the hash output size (RFC 7518 §3.2). */
  public static int minHmacBytes(String alg) {
    return Integer.parseInt(alg.substring(2)) / 8;
  }

  /**
   * An HMAC key for {@code alg}.
   *
   * @throws IllegalArgumentException with a fix-it message when the key is too short
   */
  public static SecretKey hmacKey(String alg, byte[] secret, String field) {
    int min = minHmacBytes(alg);
    if (secret.length < min) {
      throw new IllegalArgumentException(
          field + " is " + secret.length * 8 + " bits; " + alg + " needs at least " + min * 8
              + " (" + min + " bytes, RFC 7518 §3.2)");
    }
    return new SecretKeySpec(secret, "HmacSHA" + alg.substring(2));
  }

  /** Decodes standard or URL-safe base64, padded or not. */
  public static byte[] base64(String text) {
    String s = text.strip();
    return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
        ? Base64.getUrlDecoder().decode(s)
        : Base64.getDecoder().decode(s);
  }

  /**
   * Reads a PEM public key (SubjectPublicKeyInfo "PUBLIC KEY") or an X.509 certificate and checks
   * that it fits {@code alg}.
   *
   * @throws IllegalArgumentException with a fix-it message
   */
  public static PublicKey readPublicKey(Path file, String alg) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + "); check the path, relative"
              + " paths start from the working directory " + Path.of("").toAbsolutePath());
    }
    return parsePublicKey(pem, alg, file.toString());
  }

  /** {@link #readPublicKey} for PEM text already in memory; {@code source} names it in messages. */
  public static PublicKey parsePublicKey(String pem, String alg, String source) {
    if (pem.contains("PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          source + " holds a private key; give linkgate only the public key"
              + " (openssl pkey -in private.pem -pubout -out public.pem)");
    }
    PublicKey key;
    try {
      if (pem.contains("-----BEGIN CERTIFICATE-----")) {
        key =
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .getPublicKey();
      } else if (pem.contains("-----BEGIN PUBLIC KEY-----")) {
        key = fromSpki(pemBody(pem, "PUBLIC KEY"), alg);
      } else {
        throw new IllegalArgumentException(
            source + " is not a PEM public key; expected a \"-----BEGIN PUBLIC KEY-----\" block"
                + " (or a certificate)");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(source)) {
        throw iae;
      }
      throw new IllegalArgumentException(source + " is not a valid PEM public key: " + e.getMessage());
    }
    checkFits(key, alg, source);
    return key;
  }

  private static byte[] pemBody(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin) + begin.length();
    int to = pem.indexOf(end, from);
    if (to < 0) {
      throw new IllegalArgumentException("missing \"" + end + "\"");
    }
    return Base64.getMimeDecoder().decode(pem.substring(from, to));
  }

  private static PublicKey fromSpki(byte[] der, String alg) throws GeneralSecurityException {
    String family = family(alg);
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    try {
      return fromSpki(spec, family);
    } catch (GeneralSecurityException e) {
      // Perhaps a key of another family (an RSA key for ES256): decode it as that, so that
      // checkFits can say which key it is and which one the algorithm needs.
      for (String other : List.of("RSA", "EC", "EdDSA")) {
        if (!other.equals(family)) {
          try {
            return fromSpki(spec, other);
          } catch (GeneralSecurityException notThisOneEither) {
            // try the next family
          }
        }
      }
      throw e;
    }
  }

  private static PublicKey fromSpki(X509EncodedKeySpec spec, String family) throws GeneralSecurityException {
    if (family.equals("RSA")) {
      try {
        return KeyFactory.getInstance("RSA").generatePublic(spec);
      } catch (GeneralSecurityException e) {
        return KeyFactory.getInstance("RSASSA-PSS").generatePublic(spec);
      }
    }
    return KeyFactory.getInstance(family).generatePublic(spec);
  }

  /** JCA key family of a JWS algorithm. */
  static String family(String alg) {
    return switch (alg.substring(0, 2)) {
      case "RS", "PS" -> "RSA";
      case "ES" -> "EC";
      case "Ed" -> "EdDSA";
      default -> "HMAC";
    };
  }

  /** Rejects a key that cannot verify {@code alg}: wrong type, short RSA, wrong curve. */
  public static void checkFits(PublicKey key, String alg, String source) {
    String family = family(alg);
    switch (family) {
      case "RSA" -> {
        if (!(key instanceof RSAPublicKey rsa)) {
          throw wrongType(source, alg, key, "an RSA key");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < 2048) {
          throw new IllegalArgumentException(
              source + " is a " + bits + "-bit RSA key; " + alg
                  + " needs at least 2048 bits (RFC 7518 §3.3)");
        }
      }
      case "EC" -> {
        if (!(key instanceof ECPublicKey ec)) {
          throw wrongType(source, alg, key, "an EC key");
        }
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        int want = switch (alg) {
          case "ES256" -> 256;
          case "ES384" -> 384;
          default -> 521;
        };
        if (bits != want) {
          throw new IllegalArgumentException(
              source + " is on a " + bits + "-bit curve; " + alg + " needs "
                  + (want == 521 ? "P-521" : "P-" + want) + " (RFC 7518 §3.4)");
        }
      }
      case "EdDSA" -> {
        if (!(key instanceof EdECPublicKey)) {
          throw wrongType(source, alg, key, "an Ed25519 or Ed448 key");
        }
      }
      default -> throw new IllegalArgumentException(source + ": " + alg + " takes a secret, not a public key");
    }
  }

  private static IllegalArgumentException wrongType(String source, String alg, PublicKey key, String want) {
    String held = key instanceof RSAPublicKey ? "an RSA"
        : key instanceof ECPublicKey ? "an EC"
        : key instanceof EdECPublicKey ? "an EdDSA"
        : "a " + key.getAlgorithm();
    return new IllegalArgumentException(source + " holds " + held + " key; " + alg + " needs " + want);
  }
}
