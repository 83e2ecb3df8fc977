package linkgate.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import linkgate.config.LinkgateConfig.KeyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys in force: the static {@code session.keys} (replaced by a reload) merged with the keys
 * of the JWKS (replaced by each fetch). A static key wins over a JWKS key of the same kid. The
 * verifier gets a new key ring, and so empties its caches, only when the merged set really
 * changes: an unchanged JWKS refresh or an unrelated file event costs nothing.
 *
 * <p>Thread-safe: fetches and reloads run on different threads; changes are serialised.
 */
public final class SessionKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SessionKeys.class);

  private final SessionVerifier verifier;
  private final Duration skew;
  private final Set<String> reportedClashes = new HashSet<>();
  private List<KeyConfig> statics;
  private List<KeyConfig> jwks = List.of();
  private List<String> fingerprint;

  /** {@code statics} must be the keys {@code verifier} was built with. */
  public SessionKeys(SessionVerifier verifier, List<KeyConfig> statics, Duration skew) {
    this.verifier = verifier;
    this.skew = skew;
    this.statics = List.copyOf(statics);
    this.fingerprint = fingerprint(this.statics);
  }

  /** Replaces the static keys; true when the keys in force changed. */
  public synchronized boolean replaceStatic(List<KeyConfig> keys) {
    statics = List.copyOf(keys);
    return apply();
  }

  /** Replaces the JWKS keys (an empty list drops them all); true when the keys in force changed. */
  public synchronized boolean replaceJwks(List<KeyConfig> keys) {
    jwks = List.copyOf(keys);
    return apply();
  }

  /** The static keys in force. */
  public synchronized List<KeyConfig> statics() {
    return statics;
  }

  /** Number of JWKS keys in force (after clashes with static kids). */
  public synchronized int jwksCount() {
    int n = 0;
    Set<String> staticKids = staticKids();
    for (KeyConfig k : jwks) {
      if (k.kid() == null || !staticKids.contains(k.kid())) {
        n++;
      }
    }
    return n;
  }

  private boolean apply() {
    Set<String> staticKids = staticKids();
    List<KeyConfig> merged = new ArrayList<>(statics);
    for (KeyConfig k : jwks) {
      if (k.kid() != null && staticKids.contains(k.kid())) {
        if (reportedClashes.add(k.kid())) {
          LOG.warn("JWKS key kid \"{}\" ignored: session.keys has a key with the same kid, and static keys win",
              k.kid());
        }
        continue;
      }
      merged.add(k);
    }
    List<String> next = fingerprint(merged);
    if (next.equals(fingerprint)) {
      return false;
    }
    fingerprint = next;
    verifier.replaceKeys(merged, skew);
    return true;
  }

  private Set<String> staticKids() {
    Set<String> kids = new HashSet<>();
    for (KeyConfig k : statics) {
      if (k.kid() != null) {
        kids.add(k.kid());
      }
    }
    return kids;
  }

  /** What makes a key set the same: kid, algorithm and key bytes, in order. */
  private static List<String> fingerprint(List<KeyConfig> keys) {
    List<String> out = new ArrayList<>(keys.size());
    for (KeyConfig k : keys) {
      out.add((k.kid() == null ? "-" : "kid=" + k.kid()) + "|" + k.alg() + "|"
          + Base64.getEncoder().encodeToString(k.key().getEncoded()));
    }
    return out;
  }
}
