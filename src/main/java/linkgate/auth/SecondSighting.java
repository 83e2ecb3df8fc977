package linkgate.auth;

/**
 * Which verified tokens the session cache takes: those verified a second time. A token used once
 * (a reader who clicks one link in a session) is then never cached, so a stream of them does not
 * evict the sessions of readers who click on, nor fill the cache and the CPU caches with entries
 * no one asks for again; the price is one more signature check per session that is used twice.
 * This is TinyLFU's "doorkeeper" (Einziger, Friedman, Manes, 2017), placed in front of Caffeine,
 * which itself admits every new entry.
 *
 * <p>A table of token hashes, one per slot, overwritten by later tokens: it remembers roughly the
 * last table-size first sightings. Two threads racing on a slot can lose a sighting (that token
 * then needs one more check before it is cached) or let a token in early when its hash matches
 * another's (it is cached one check sooner). Neither changes which tokens are valid: only valid
 * tokens are ever asked about, and only to decide whether to cache them.
 *
 * <p>Thread-safe in that sense, lock-free, and no allocation per call.
 */
final class SecondSighting {
  private static final int MIN_SLOTS = 1 << 10;
  private static final int MAX_SLOTS = 1 << 20;

  private final int[] hashes;
  private final int shift;

  /** Sized from the session cache's bound: about as many first sightings as the cache holds. */
  SecondSighting(int cacheSize) {
    int slots = Integer.highestOneBit(Math.max(MIN_SLOTS, Math.min(MAX_SLOTS, cacheSize)) * 2 - 1);
    this.hashes = new int[slots];
    this.shift = 32 - Integer.numberOfTrailingZeros(slots);
  }

  /** True when {@code token} was seen before; else remembers it and says false. */
  boolean seenBefore(String token) {
    int hash = token.hashCode(); // cached in the String: the cache lookup computed it already
    int slot = (hash * 0x9E3779B9) >>> shift; // Fibonacci hashing: the high bits, well spread
    if (hashes[slot] == hash) {
      return true;
    }
    hashes[slot] = hash;
    return false;
  }
}
