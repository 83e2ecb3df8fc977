package linkgate.clicks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import linkgate.store.TimeBuckets;

/**
 * Clicks and blocked attempts aggregated for one write: counters per article and hour, and the
 * set of (article, hour, reader) seen. A burst on one article becomes one counter update per
 * hour per write, however many clicks it holds. Not thread-safe: owned by the writer.
 */
final class ClickBatch {
  /** An article in an hour. */
  record HourKey(String articleId, int hr) {}

  /** A reader of an article in an hour. */
  record ReaderKey(String articleId, int hr, String sub) {}

  final Map<HourKey, long[]> counts = new HashMap<>();
  final Set<ReaderKey> readers = new HashSet<>();
  long clicks;
  long blocked;
  long oldestMillis = Long.MAX_VALUE;
  /** The highest strict-journal sequence number among the clicks held (0: none journaled). */
  long journalSeq;

  /** Adds a click unless that would grow the batch past {@code limit} entries; false if dropped. */
  boolean click(String articleId, String sub, long millis, int limit) {
    int hr = TimeBuckets.hour(millis);
    HourKey key = new HourKey(articleId, hr);
    ReaderKey reader = new ReaderKey(articleId, hr, sub);
    if (entries() + 2 > limit) { // near the bound: only what adds no entry is kept
      long[] c = counts.get(key);
      int growth = (c == null ? 1 : 0) + (readers.contains(reader) ? 0 : 1);
      if (growth > 0 && entries() + growth > limit) {
        return false;
      }
    }
    counts.computeIfAbsent(key, k -> new long[2])[0]++;
    readers.add(reader);
    clicks++;
    oldestMillis = Math.min(oldestMillis, millis);
    return true;
  }

  /** Adds a blocked attempt unless that would grow the batch past {@code limit} entries. */
  boolean blocked(String articleId, long millis, int limit) {
    HourKey key = new HourKey(articleId, TimeBuckets.hour(millis));
    long[] c = counts.get(key);
    if (c == null) {
      if (entries() + 1 > limit) {
        return false;
      }
      c = new long[2];
      counts.put(key, c);
    }
    c[1]++;
    blocked++;
    oldestMillis = Math.min(oldestMillis, millis);
    return true;
  }

  /** Moves everything from {@code other} into this batch (no limit: nothing already held is lost). */
  void absorb(ClickBatch other) {
    journalSeq = Math.max(journalSeq, other.journalSeq);
    other.counts.forEach((k, v) -> {
      long[] c = counts.computeIfAbsent(k, x -> new long[2]);
      c[0] += v[0];
      c[1] += v[1];
    });
    readers.addAll(other.readers);
    clicks += other.clicks;
    blocked += other.blocked;
    oldestMillis = Math.min(oldestMillis, other.oldestMillis);
  }

  int entries() {
    return counts.size() + readers.size();
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Clicks and blocked attempts held. */
  long size() {
    return clicks + blocked;
  }
}
