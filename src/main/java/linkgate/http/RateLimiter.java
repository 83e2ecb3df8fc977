package linkgate.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import linkgate.config.LinkgateConfig;

/**
 * Token buckets keyed by a string (a client address, a reader's {@code sub}): {@code burst}
 * requests at once, then one every {@code rate} interval.
 *
 * <p>Each bucket is one {@link AtomicLong} holding its "theoretical arrival time" (the generic cell
 * rate algorithm, GCRA, which is a token bucket written as one number): a request is allowed when
 * the bucket's next slot lies at most {@code burst} intervals ahead of now, and takes the slot with
 * one compare-and-set. No lock; a hit on an existing bucket allocates nothing.
 *
 * <p>Buckets live in a bounded Caffeine cache and expire once idle long enough to be full again,
 * so an expired bucket and a fresh one are the same thing: expiry never lets anyone through early.
 * Eviction under size pressure does (an evicted bucket comes back full); that is the price of the
 * bound, and why {@code limits.maxTracked} should exceed the number of clients active in a refill
 * period.
 *
 * <p>Thread-safe; called on event loops; never blocks. Time comes from the {@link Clock}, so tests
 * with a fake clock see no refill until they move it.
 */
public final class RateLimiter {
  private static final Function<String, AtomicLong> NEW_BUCKET = key -> new AtomicLong(Long.MIN_VALUE / 4);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Clock clock;
  private final long origin;
  private final long interval;
  private final long capacity;
  private final Cache<String, AtomicLong> buckets;

  /** Buckets for {@code rate}, at most {@code maxTracked} of them. */
  public RateLimiter(LinkgateConfig.Rate rate, int maxTracked, Clock clock) {
    this.clock = clock;
    this.origin = clock.millis();
    this.interval = rate.intervalNanos();
    this.capacity = Math.multiplyExact(interval, (long) rate.burst());
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxTracked)
        .expireAfterAccess(Duration.ofNanos(capacity))
        .ticker(ticker)
        .build();
  }

  /**
   * Takes one request from {@code key}'s bucket.
   *
   * @return 0 when the request may go on; else the whole seconds (at least 1) until it would be
   *     allowed, for {@code Retry-After}
   */
  public long acquire(String key) {
    AtomicLong bucket = buckets.get(key, NEW_BUCKET);
    long now = TimeUnit.MILLISECONDS.toNanos(clock.millis() - origin);
    while (true) {
      long slot = bucket.get();
      long next = Math.max(slot, now) + interval;
      long ahead = next - now;
      if (ahead > capacity) {
        long wait = ahead - capacity;
        return Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
      }
      if (bucket.compareAndSet(slot, next)) {
        return 0;
      }
    }
  }

  /** Buckets currently kept (approximate), for tests and metrics. */
  public long tracked() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
