package linkgate.auth;

import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import linkgate.config.LinkgateConfig.KeyConfig;

/**
 * The verification keys in force, each with its JJWT parser built once. Immutable and
 * thread-safe; a key change builds a new ring.
 */
final class KeyRing {
  /** One key and the parser that accepts only its algorithm and verifies only with it. */
  record Entry(String kid, String alg, JwtParser parser, String source) {}

  private final Map<String, Entry> byKid = new HashMap<>();
  private final Map<String, List<Entry>> byAlg = new HashMap<>();
  private final int size;

  KeyRing(List<KeyConfig> keys, Clock clock, Duration skew) {
    io.jsonwebtoken.Clock jjwtClock = () -> Date.from(clock.instant());
    // SessionVerifier's millisecond-exact exp/nbf check runs first and decides; JJWT's own check
    // must never refuse what it accepted. JJWT's skew is whole seconds (round up), and JJWT reads
    // a NumericDate as longValue() * 1000, dropping the fraction (exp 1000.5 reads as 1000 s), so
    // it sees exp up to a second early: one more second covers that.
    long skewSeconds = (skew.toMillis() + 999) / 1000 + 1;
    for (KeyConfig k : keys) {
      Entry entry = new Entry(k.kid(), k.alg(), parser(k, jjwtClock, skewSeconds), k.source());
      if (k.kid() != null) {
        byKid.put(k.kid(), entry);
      }
      byAlg.computeIfAbsent(k.alg(), a -> new ArrayList<>()).add(entry);
    }
    this.size = keys.size();
  }

  @SuppressWarnings("unchecked")
  private static JwtParser parser(KeyConfig k, io.jsonwebtoken.Clock clock, long skewSeconds) {
    SecureDigestAlgorithm<?, ?> alg = Jwts.SIG.get().forKey(k.alg());
    var builder =
        Jwts.parser()
            .clock(clock)
            .clockSkewSeconds(skewSeconds)
            // Only this key's algorithm, no compression, no JWE: RFC 8725 §3.1 and §2.6.
            .sig().clear().add(alg).and()
            .zip().clear().and()
            .enc().clear().and()
            .key().clear().and();
    Key key = k.key();
    if (key instanceof SecretKey secret) {
      builder.verifyWith(secret);
    } else {
      builder.verifyWith((PublicKey) key);
    }
    return builder.build();
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
