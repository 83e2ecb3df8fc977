package linkgate.auth;

import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.VerifySecureDigestRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linkgate.config.LinkgateConfig.KeyConfig;

/**
 * The verification keys in force, each with its JJWT signature algorithm. Immutable and
 * thread-safe; a key change builds a new ring.
 *
 * <p>Signatures are checked with JJWT's algorithm objects ({@code Jwts.SIG.HS256} ...), given the
 * signing input and the signature exactly as received. JJWT's parser is not used on the hot path:
 * SessionVerifier has already parsed header and claims strictly (no duplicate keys, alg exactly
 * the key's, no crit, no zip, numeric dates, exp/nbf/iss/aud/sub) before any signature is looked
 * at, and the parser would parse both again and convert every claim, more than half of an HS256
 * check (measured). The algorithms still validate the key for their algorithm (length, type,
 * curve) and compare in constant time.
 */
final class KeyRing {
  /**
   * Checks ECDSA and EdDSA signatures. JDK 17's SunEC takes about 0.65 ms per ES256 check and
   * 0.37 ms per Ed25519 check on the benchmark machine, BouncyCastle 0.054 and 0.048 ms, which
   * matters when forged or first-seen tokens arrive in numbers. Verification handles only public
   * data, so constant-time concerns do not apply; BouncyCastle refuses out-of-range r/s values
   * (the "psychic signatures" class of bug, CVE-2022-21449, fixed in the JDK too). Not registered
   * as a JCA provider: only these checks use it.
   */
  private static final Provider FAST_EC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  /** One key and the only algorithm it verifies, with the provider to verify with (null: JDK). */
  record Entry(String kid, String alg, SecureDigestAlgorithm<Key, Key> algorithm, Key key, Provider provider,
      String source) {

    /** Whether {@code token}'s signature (after the second dot, at {@code secondDot}) verifies. */
    boolean verifies(String token, int secondDot) {
      byte[] input = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
      byte[] signature;
      try {
        signature = Base64.getUrlDecoder().decode(token.substring(secondDot + 1));
      } catch (IllegalArgumentException e) {
        return false;
      }
      try {
        return algorithm.verify(new Request(new ByteArrayInputStream(input), key, signature, provider));
      } catch (JwtException | IllegalArgumentException e) {
        return false; // a malformed signature (wrong length for the curve, ...) or an unfit key
      }
    }
  }

  /** JJWT's verification request: the signing input, the key and the signature. */
  private record Request(InputStream getPayload, Key getKey, byte[] getDigest, Provider getProvider)
      implements VerifySecureDigestRequest<Key> {

    @Override
    public SecureRandom getSecureRandom() {
      return null;
    }
  }

  private final Map<String, Entry> byKid = new HashMap<>();
  private final Map<String, List<Entry>> byAlg = new HashMap<>();
  private final int size;

  @SuppressWarnings("unchecked")
  KeyRing(List<KeyConfig> keys) {
    for (KeyConfig k : keys) {
      var algorithm = (SecureDigestAlgorithm<Key, Key>) Jwts.SIG.get().forKey(k.alg());
      boolean fast = k.alg().startsWith("ES") || k.alg().equals("EdDSA");
      Key key = fast ? inFastProvider(k.key()) : k.key();
      Entry entry = new Entry(k.kid(), k.alg(), algorithm, key, fast ? FAST_EC : null, k.source());
      if (k.kid() != null) {
        byKid.put(k.kid(), entry);
      }
      byAlg.computeIfAbsent(k.alg(), a -> new ArrayList<>()).add(entry);
    }
    this.size = keys.size();
  }

  /** The same public key as a BouncyCastle key object (its engines want their own). */
  private static Key inFastProvider(Key key) {
    try {
      String family = key.getAlgorithm().equals("EC") ? "EC" : key.getAlgorithm(); // EC, Ed25519, Ed448, EdDSA
      return KeyFactory.getInstance(family, FAST_EC).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the " + key.getAlgorithm() + " key: " + e.getMessage(), e);
    }
  }

  /** The key named by {@code kid}, or null. */
  Entry byKid(String kid) {
    return byKid.get(kid);
  }

  /** Every key of {@code alg} (tried in turn for a token without {@code kid}); may be empty. */
  List<Entry> byAlg(String alg) {
    return byAlg.getOrDefault(alg, List.of());
  }

  int size() {
    return size;
  }
}
