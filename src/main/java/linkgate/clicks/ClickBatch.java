package linkgate.clicks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import linkgate.store.TimeBuckets;

/**
 * Clicks and blocked attempts aggregated for one write: per hour and article, the counts and the
 * set of readers seen. A burst on one article becomes one entry per hour per write, however many
 * clicks it holds. Laid out hour → article → aggregate, with the current hour's map at hand, so a
 * click costs two hash lookups on strings whose hashes are already cached (article ids and subs
 * come from the cached Article and Session) and no key object. Not thread-safe: owned by the
 * writer.
 *
 * <p>A reader is its {@code sub}, except in a batch replayed from the strict journal, which holds
 * only the readers' keyed hashes ({@link #readersHashed}).
 *
 * <p>The bound: blocked attempts on ids that are no article are only filtered out when the batch
 * is written, so anonymous requests for random ids could otherwise fill the whole bound while the
 * store is down. Aggregates holding only blocked attempts may take at most half of it: clicks
 * always keep the other half.
 */
final class ClickBatch {
  /** One article in one hour. */
  static final class Aggregate {
    long clicks;
    long blocked;
    /** Distinct readers: subs, or their hashes when the batch's {@link #readersHashed}. */
    final Readers readers = new Readers();
  }

  /**
   * The distinct readers of one aggregate. Most hold a handful (an article's readers within one
   * flush interval), so they live in a small array, searched in place, and move to a hash set
   * only past {@value #SMALL}: per flush, thousands of aggregates each kept a HashSet, its table
   * and a node per reader, all copied by the young-generation collector before the write.
   */
  static final class Readers implements Iterable<String> {
    private static final int SMALL = 8;
    private String[] few = new String[2];
    private Set<String> many;
    private int size;

    /** Adds {@code reader}; false if it was there. */
    boolean add(String reader) {
      if (many != null) {
        if (!many.add(reader)) {
          return false;
        }
      } else if (contains(reader)) {
        return false;
      } else if (size == SMALL) {
        many = new HashSet<>(4 * SMALL);
        many.addAll(java.util.Arrays.asList(few).subList(0, size));
        many.add(reader);
        few = null;
      } else {
        if (size == few.length) {
          few = java.util.Arrays.copyOf(few, Math.min(SMALL, 2 * size));
        }
        few[size] = reader;
      }
      size++;
      return true;
    }

    boolean contains(String reader) {
      if (many != null) {
        return many.contains(reader);
      }
      for (int i = 0; i < size; i++) {
        String r = few[i];
        if (r == reader || r.equals(reader)) {
          return true;
        }
      }
      return false;
    }

    int size() {
      return size;
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return many != null ? many.iterator() : java.util.Arrays.asList(few).subList(0, size).iterator();
    }
  }

  /** Hour → article id → aggregate. */
  final Map<Integer, Map<String, Aggregate>> hours = new HashMap<>();
  /** True when readers are keyed hashes (a replayed strict journal), not subs. */
  final boolean readersHashed;
  long clicks;
  long blocked;
  long oldestMillis = Long.MAX_VALUE;
  /** The highest strict-journal sequence number among the clicks held (0: none journaled). */
  long journalSeq;
  private int entries; // (hour, article) aggregates plus (hour, article, reader) members
  private int blockedOnly; // aggregates with blocked attempts and no click
  private int lastHour = Integer.MIN_VALUE;
  private Map<String, Aggregate> lastHourMap;

  /** A batch whose readers are subs. */
  ClickBatch() {
    this(false);
  }

  ClickBatch(boolean readersHashed) {
    this.readersHashed = readersHashed;
  }

  private Map<String, Aggregate> hour(int hr) {
    if (hr != lastHour) {
      lastHourMap = hours.computeIfAbsent(hr, h -> new HashMap<>());
      lastHour = hr;
    }
    return lastHourMap;
  }

  /** Adds a click unless that would grow the batch past {@code limit} entries; false if dropped. */
  boolean click(String articleId, String reader, long millis, int limit) {
    Map<String, Aggregate> articles = hour(TimeBuckets.hour(millis));
    Aggregate a = articles.get(articleId);
    if (entries + 2 > limit) { // near the bound: only what adds no entry is kept
      int growth = a == null ? 2 : (a.readers.contains(reader) ? 0 : 1);
      if (growth > 0 && entries + growth > limit) {
        return false;
      }
    }
    if (a == null) {
      a = new Aggregate();
      articles.put(articleId, a);
      entries++;
    } else if (a.clicks == 0) {
      blockedOnly--; // it holds a click now: the id is an article
    }
    a.clicks++;
    if (a.readers.add(reader)) {
      entries++;
    }
    clicks++;
    oldestMillis = Math.min(oldestMillis, millis);
    return true;
  }

  /**
   * Adds a blocked attempt unless that would grow the batch past {@code limit} entries, or its
   * blocked-only aggregates past {@code blockedOnlyLimit} (half the bound, see the class comment);
   * false if dropped.
   */
  boolean blocked(String articleId, long millis, int limit, int blockedOnlyLimit) {
    Map<String, Aggregate> articles = hour(TimeBuckets.hour(millis));
    Aggregate a = articles.get(articleId);
    if (a == null) {
      if (entries + 1 > limit || blockedOnly + 1 > blockedOnlyLimit) {
        return false;
      }
      a = new Aggregate();
      articles.put(articleId, a);
      entries++;
      blockedOnly++;
    }
    a.blocked++;
    blocked++;
    oldestMillis = Math.min(oldestMillis, millis);
    return true;
  }

  /**
   * Moves everything from {@code other} into this batch (no limit: nothing already held is lost).
   * Both must hold the same kind of reader.
   */
  void absorb(ClickBatch other) {
    if (other.readersHashed != readersHashed && !other.isEmpty()) {
      throw new IllegalArgumentException("a batch of hashed readers cannot be merged with one of subs");
    }
    journalSeq = Math.max(journalSeq, other.journalSeq);
    other.hours.forEach((hr, articles) -> {
      Map<String, Aggregate> mine = hours.computeIfAbsent(hr, h -> new HashMap<>());
      articles.forEach((id, theirs) -> {
        Aggregate a = mine.get(id);
        if (a == null) {
          a = new Aggregate();
          mine.put(id, a);
          entries++;
          blockedOnly++;
        }
        if (a.clicks == 0 && theirs.clicks > 0) {
          blockedOnly--;
        }
        a.clicks += theirs.clicks;
        a.blocked += theirs.blocked;
        for (String reader : theirs.readers) {
          if (a.readers.add(reader)) {
            entries++;
          }
        }
      });
    });
    clicks += other.clicks;
    blocked += other.blocked;
    oldestMillis = Math.min(oldestMillis, other.oldestMillis);
  }

  /** Every distinct reader of the batch. */
  Set<String> readers() {
    Set<String> all = new HashSet<>();
    hours.values().forEach(articles -> articles.values().forEach(a -> a.readers.forEach(all::add)));
    return all;
  }

  int entries() {
    return entries;
  }

  /** Aggregates holding blocked attempts and no click (ids that may be no article). */
  int blockedOnlyEntries() {
    return blockedOnly;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  /** Clicks and blocked attempts held. */
  long size() {
    return clicks + blocked;
  }
}
