package linkgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import linkgate.config.LinkgateConfig;

/**
 * Decides whether a session token is valid, and caches the answer.
 *
 * <p>A valid token verified a second time is remembered until its {@code exp} (Caffeine,
 * bounded), so every later click costs a hash lookup and no signature check; a token used only
 * once is never cached ({@link SecondSighting}: a stream of those would otherwise churn the cache
 * and evict the sessions of readers who click on). A refused token is remembered for a short
 * while, so a forged token sent again costs no signature check either. Cheap checks (syntax,
 * {@code alg}, {@code kid}, claims) run before the signature.
 *
 * <p>Thread-safe; called on event-loop threads; never blocks (signature checks are CPU only).
 */
public final class SessionVerifier {
  private static final Duration NEGATIVE_TTL = Duration.ofMinutes(5);
  private static final int NEGATIVE_SIZE = 20_000;
  private static final long MAX_TTL_MILLIS = Duration.ofDays(1).toMillis();
  /**
   * Largest NumericDate magnitude taken, in seconds: 9999-12-31T23:59:59Z. No real token carries a
   * date beyond it, and the bound keeps epoch-millisecond arithmetic (ours, and JJWT's unchecked
   * {@code seconds * 1000}) far from overflow, where the outcome would be arbitrary.
   */
  private static final double MAX_NUMERIC_DATE = 253_402_300_799d;

  private final Clock clock;
  private final long skewMillis;
  /** {@code session.maxAge} in millis, or -1 when unset. */
  private final long maxAgeMillis;
  private final String issuer;
  private final String audience;
  private final String rolesClaim;
  private final String adminRole;
  private final Consumer<Rejection> onReject;
  private final Cache<SessionKey, Session> valid;
  private final Cache<String, Rejection> refused;
  private final LongAdder signatureChecks = new LongAdder();
  private final SecondSighting admission;
  private volatile KeyRing keys;

  /**
   * @param clock time for {@code exp}/{@code nbf} and both caches (tests pass a fake one)
   * @param onReject told of every refusal (metrics); must be cheap and thread-safe
   */
  public SessionVerifier(
      LinkgateConfig.Session session, LinkgateConfig.Admin admin, Clock clock, Consumer<Rejection> onReject) {
    this.clock = clock;
    this.skewMillis = session.clockSkew().toMillis();
    this.maxAgeMillis = session.maxAge() == null ? -1 : session.maxAge().toMillis();
    this.issuer = session.issuer();
    this.audience = session.audience();
    this.rolesClaim = admin.rolesClaim();
    this.adminRole = admin.role();
    this.onReject = onReject;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.valid =
        Caffeine.newBuilder()
            // Maintenance (evictions, reordering) runs on the calling event loop, amortized,
            // instead of waking a ForkJoinPool thread (a futex syscall) every few reads: the
            // benchmark showed those wake-ups in a redirect's profile.
            .executor(Runnable::run)
            .maximumSize(session.cacheSize())
            .ticker(ticker)
            // The entry lives no longer than the token (exp, or iat + maxAge when sooner, minus now,
            // on insert), and at most a day so that absurd exp values cannot pin an entry.
            .expireAfter(Expiry.creating((SessionKey token, Session s) ->
                Duration.ofMillis(Math.min(MAX_TTL_MILLIS, Math.max(0, cacheUntil(s) - clock.millis())))))
            .build();
    this.refused =
        Caffeine.newBuilder().executor(Runnable::run).maximumSize(NEGATIVE_SIZE).ticker(ticker).expireAfterWrite(NEGATIVE_TTL).build();
    this.admission = new SecondSighting(session.cacheSize());
    this.keys = new KeyRing(session.keys());
  }

  /**
   * Replaces the verification keys and forgets every cached answer, valid or not: a token signed
   * by a removed key stops working at once, and a refused token whose key was added works at once.
   */
  public void replaceKeys(List<LinkgateConfig.KeyConfig> newKeys, Duration skew) {
    this.keys = new KeyRing(newKeys);
    valid.invalidateAll();
    refused.invalidateAll();
  }

  /** Number of keys in force. */
  public int keyCount() {
    return keys.size();
  }

  /** Checks {@code token} exactly as received (no trimming). Never throws. */
  public Verdict verify(String token) {
    Verdict verdict = decide(token);
    if (verdict instanceof Rejection r) {
      onReject.accept(r);
    }
    return verdict;
  }

  /**
   * The session of {@code token} when it is valid (from the cache, or verified now and cached),
   * else null. Like {@link #verify} it caches a refusal it finds, so asking {@link #verify} again
   * costs no second signature check; unlike it, a refusal is not reported to {@code onReject}:
   * the caller that gets null asks {@link #verify}, which reports it, once.
   */
  public Session valid(String token) {
    return decide(token) instanceof Session s ? s : null;
  }

  private Verdict decide(String token) {
    SessionKey key = new SessionKey(token);
    Session cached = valid.getIfPresent(key);
    if (cached != null && cacheUntil(cached) > clock.millis()) {
      return cached;
    }
    Rejection known = refused.getIfPresent(token);
    if (known != null) {
      return known;
    }
    KeyRing ring = keys;
    Verdict verdict = check(token, ring);
    if (verdict instanceof Session s) {
      if (cacheUntil(s) > clock.millis() && admission.seenBefore(token)) {
        valid.put(key, s);
      }
    } else if (((Rejection) verdict).repeatable()) {
      refused.put(token, (Rejection) verdict);
    }
    if (keys != ring) {
      // replaceKeys ran while this token was checked against the old keys: its emptying of the
      // caches may have come before the put above, so take the answer back out. (Put, then
      // re-read: either replaceKeys' invalidateAll follows the put, or this sees the new ring.)
      valid.invalidate(key);
      refused.invalidate(token);
    }
    return verdict;
  }

  /** Signatures checked so far, one per key tried (a test seam: the costly step, counted). */
  long signatureChecks() {
    return signatureChecks.sum();
  }

  /** Sessions in the cache (a test seam: which tokens the admission let in). */
  long cachedSessions() {
    valid.cleanUp();
    return valid.estimatedSize();
  }

  /** Until when a verified session may be answered from the cache: exp, or iat + maxAge if sooner. */
  private long cacheUntil(Session s) {
    return maxAgeMillis < 0 ? s.expiresAtMillis() : Math.min(s.expiresAtMillis(), s.issuedAtMillis() + maxAgeMillis);
  }

  /** The full check, without the caches (package-private for the JMH benchmark of a cache miss). */
  Verdict check(String token) {
    return check(token, keys);
  }

  private Verdict check(String token, KeyRing ring) {
    long dots = TokenParts.dots(token);
    if (dots < 0) {
      return Rejection.MALFORMED;
    }
    int first = (int) (dots >>> 32);
    int second = (int) dots;
    Map<String, Object> header = TokenParts.object(token, 0, first);
    if (header == null
        || !(header.get("alg") instanceof String alg)
        || (header.containsKey("kid") && !(header.get("kid") instanceof String))
        // Extensions we do not implement (RFC 7515 §4.1.11) and compressed payloads are refused.
        || header.containsKey("crit")
        || header.containsKey("zip")) {
      return Rejection.MALFORMED;
    }
    List<KeyRing.Entry> candidates;
    String kid = (String) header.get("kid");
    if (kid != null) {
      KeyRing.Entry entry = ring.byKid(kid);
      if (entry == null) {
        return Rejection.UNKNOWN_KID;
      }
      if (!entry.alg().equals(alg)) {
        return Rejection.ALG_MISMATCH;
      }
      candidates = List.of(entry);
    } else {
      candidates = ring.byAlg(alg);
      if (candidates.isEmpty()) {
        return Rejection.ALG_NOT_ALLOWED;
      }
    }
    Map<String, Object> claims = TokenParts.object(token, first + 1, second);
    if (claims == null) {
      return Rejection.MALFORMED;
    }
    Object verdict = checkClaims(claims);
    if (verdict instanceof Rejection r) {
      return r;
    }
    long exp = (Long) verdict;
    for (KeyRing.Entry candidate : candidates) {
      // The next key of this algorithm is tried when one does not verify. Only tokens that pass
      // every check above reach a signature check.
      signatureChecks.increment();
      if (candidate.verifies(token, second)) {
        return new Session(
            (String) claims.get("sub"), isAdmin(claims), exp, millis(claims.get("iat")));
      }
    }
    return Rejection.BAD_SIGNATURE;
  }

  /** The {@code exp} in millis when the claims hold, else the rejection. RFC 7519 §4.1. */
  private Object checkClaims(Map<String, Object> claims) {
    Object exp = claims.get("exp");
    Object nbf = claims.get("nbf");
    Object iat = claims.get("iat");
    // Present means a number: "nbf": null is not a missing nbf (containsKey, not get != null).
    if (!numericDate(exp)
        || (claims.containsKey("nbf") && !numericDate(nbf))
        || (claims.containsKey("iat") && !numericDate(iat))
        || !(claims.get("sub") instanceof String sub)
        || sub.isEmpty()) {
      return Rejection.INVALID_CLAIMS;
    }
    long now = clock.millis();
    long expMillis = millis(exp);
    if (now >= expMillis + skewMillis) {
      return Rejection.EXPIRED;
    }
    if (nbf != null && now < millis(nbf) - skewMillis) {
      return Rejection.NOT_YET_VALID;
    }
    if (issuer != null && !issuer.equals(claims.get("iss"))) {
      return Rejection.WRONG_ISSUER;
    }
    if (audience != null && !audienceHolds(claims.get("aud"))) {
      return Rejection.WRONG_AUDIENCE;
    }
    if (maxAgeMillis >= 0) {
      // session.maxAge bounds a session's life whatever its exp says, so iat becomes required: a
      // token that does not say when it was issued cannot show it is young enough.
      if (iat == null) {
        return Rejection.INVALID_CLAIMS;
      }
      long iatMillis = millis(iat);
      if (now >= iatMillis + maxAgeMillis + skewMillis) {
        return Rejection.TOO_OLD;
      }
      // An iat in the future would stretch maxAge; refuse it like an nbf still ahead.
      if (now < iatMillis - skewMillis) {
        return Rejection.NOT_YET_VALID;
      }
    }
    return expMillis;
  }

  /** A JSON number within ±{@link #MAX_NUMERIC_DATE} seconds (RFC 7519 §2 NumericDate). */
  private static boolean numericDate(Object value) {
    return value instanceof Number n && Math.abs(n.doubleValue()) <= MAX_NUMERIC_DATE;
  }

  private boolean audienceHolds(Object aud) {
    if (aud instanceof String s) {
      return s.equals(audience);
    }
    if (aud instanceof List<?> list) {
      return list.contains(audience);
    }
    return false;
  }

  private boolean isAdmin(Map<String, Object> claims) {
    Object roles = Claims.at(claims, rolesClaim);
    if (roles instanceof String s) {
      for (String role : s.split(" ")) {
        if (role.equals(adminRole)) {
          return true;
        }
      }
      return false;
    }
    return roles instanceof List<?> list && list.contains(adminRole);
  }

  /** A NumericDate (seconds, possibly fractional) in epoch millis; -1 when absent. */
  private static long millis(Object numericDate) {
    if (!(numericDate instanceof Number n)) {
      return -1;
    }
    double seconds = n.doubleValue();
    if (seconds >= Long.MAX_VALUE / 1000.0) {
      return Long.MAX_VALUE / 2;
    }
    if (seconds <= Long.MIN_VALUE / 1000.0) {
      return Long.MIN_VALUE / 2;
    }
    return n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal
        ? (long) Math.floor(seconds * 1000)
        : Math.multiplyExact(n.longValue(), 1000L);
  }
}
