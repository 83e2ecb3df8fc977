package linkgate.clicks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import linkgate.store.TimeBuckets;

/**
 * Clicks and blocked attempts aggregated for one write: per hour and article, the counts and the
 * set of readers ({@code sub}s) seen. A burst on one article becomes one entry per hour per write,
 * however many clicks it holds. Laid out hour → article → aggregate, with the current hour's map
 * at hand, so a click costs two hash lookups on strings whose hashes are already cached (article
 * ids and subs come from the cached Article and Session) and no key object. Not thread-safe:
 * owned by the writer.
 */
final class ClickBatch {
  /** One article in one hour. */
  static final class Aggregate {
    long clicks;
    long blocked;
    final Set<String> subs = new HashSet<>();
  }

  /** Hour → article id → aggregate. */
  final Map<Integer, Map<String, Aggregate>> hours = new HashMap<>();
  long clicks;
  long blocked;
  long oldestMillis = Long.MAX_VALUE;
  /** The highest strict-journal sequence number among the clicks held (0: none journaled). */
  long journalSeq;
  private int entries; // (hour, article) aggregates plus (hour, article, reader) members
  private int lastHour = Integer.MIN_VALUE;
  private Map<String, Aggregate> lastHourMap;

  private Map<String, Aggregate> hour(int hr) {
    if (hr != lastHour) {
      lastHourMap = hours.computeIfAbsent(hr, h -> new HashMap<>());
      lastHour = hr;
    }
    return lastHourMap;
  }

  /** Adds a click unless that would grow the batch past {@code limit} entries; false if dropped. */
  boolean click(String articleId, String sub, long millis, int limit) {
    Map<String, Aggregate> articles = hour(TimeBuckets.hour(millis));
    Aggregate a = articles.get(articleId);
    if (entries + 2 > limit) { // near the bound: only what adds no entry is kept
      int growth = a == null ? 2 : (a.subs.contains(sub) ? 0 : 1);
      if (growth > 0 && entries + growth > limit) {
        return false;
      }
    }
    if (a == null) {
      a = new Aggregate();
      articles.put(articleId, a);
      entries++;
    }
    a.clicks++;
    if (a.subs.add(sub)) {
      entries++;
    }
    clicks++;
    oldestMillis = Math.min(oldestMillis, millis);
    return true;
  }

  /** Adds a blocked attempt unless that would grow the batch past {@code limit} entries. */
  boolean blocked(String articleId, long millis, int limit) {
    Map<String, Aggregate> articles = hour(TimeBuckets.hour(millis));
    Aggregate a = articles.get(articleId);
    if (a == null) {
      if (entries + 1 > limit) {
        return false;
      }
      a = new Aggregate();
      articles.put(articleId, a);
      entries++;
    }
    a.blocked++;
    blocked++;
    oldestMillis = Math.min(oldestMillis, millis);
    return true;
  }

  /** Moves everything from {@code other} into this batch (no limit: nothing already held is lost). */
  void absorb(ClickBatch other) {
    journalSeq = Math.max(journalSeq, other.journalSeq);
    other.hours.forEach((hr, articles) -> {
      Map<String, Aggregate> mine = hours.computeIfAbsent(hr, h -> new HashMap<>());
      articles.forEach((id, theirs) -> {
        Aggregate a = mine.get(id);
        if (a == null) {
          a = new Aggregate();
          mine.put(id, a);
          entries++;
        }
        a.clicks += theirs.clicks;
        a.blocked += theirs.blocked;
        for (String sub : theirs.subs) {
          if (a.subs.add(sub)) {
            entries++;
          }
        }
      });
    });
    clicks += other.clicks;
    blocked += other.blocked;
    oldestMillis = Math.min(oldestMillis, other.oldestMillis);
  }

  int entries() {
    return entries;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  /** Clicks and blocked attempts held. */
  long size() {
    return clicks + blocked;
  }
}
