package linkgate.stats;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import linkgate.store.ClickLog;
import linkgate.store.Dialect;
import linkgate.store.Store;

/**
 * Reads the click log ({@link ClickLog}): the entries of the hours asked for are read a day at a
 * time and decoded off the event loop, and the counts or readers of every article accepted are
 * added to the bucket of its key (the article, the hour, the day, ...). Reader sets are sorted
 * lists while small and bitmaps over reader numbers once large, so a month over every article
 * (millions of pairs) needs a few hundred kilobytes. Thread-safe; futures complete on the
 * caller's context.
 */
final class ClickLogReader {
  private static final int HOURS_PER_READ = 24;

  /** Which bucket an article's hour belongs to; null leaves it out. */
  @FunctionalInterface
  interface Key<K> {
    K of(int hr, String articleId);
  }

  /** Receives a blob of the log and its hour; called on one thread at a time, in hour order. */
  @FunctionalInterface
  interface Blobs {
    void blob(int hr, byte[] entries);
  }

  private final Store store;
  private final String read;
  private final String hours;

  ClickLogReader(Store store) {
    this.store = store;
    this.read = store.dialect().sql("SELECT hr, entries FROM click_log WHERE hr >= ? AND hr < ? ORDER BY hr");
    this.hours = store.dialect().sql("SELECT DISTINCT hr FROM click_log WHERE hr >= ? AND hr < ? ORDER BY hr");
  }

  /** Every blob of the hours {@code [fromHr, toHr)}, in hour order. */
  Future<Void> scan(int fromHr, int toHr, Blobs blobs) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = fromHr; from < toHr; from += HOURS_PER_READ) {
      int start = from;
      int end = Math.min(toHr, from + HOURS_PER_READ);
      chain = chain.compose(x -> store.pool().preparedQuery(read).execute(Tuple.of(start, end)))
          .compose(rows -> offLoop(() -> each(rows, blobs)));
    }
    return chain;
  }

  /** The hours in {@code [fromHr, toHr)} that have entries, ascending. */
  Future<List<Integer>> hoursWithEntries(int fromHr, int toHr) {
    return store.pool().preparedQuery(hours).execute(Tuple.of(fromHr, toHr)).map(rows -> {
      List<Integer> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(r.getInteger(0)));
      return out;
    });
  }

  /** Clicks and blocked attempts per key over the hours {@code [fromHr, toHr)}. */
  <K> Future<Map<K, StatsRepository.Counts>> counts(int fromHr, int toHr, Predicate<String> articles, Key<K> key) {
    Map<K, long[]> sums = new HashMap<>();
    return scan(fromHr, toHr, (hr, blob) -> ClickLog.decode(blob, articles, (id, clicks, blocked) -> {
      K k = key.of(hr, id);
      if (k != null) {
        long[] s = sums.computeIfAbsent(k, x -> new long[2]);
        s[0] += clicks;
        s[1] += blocked;
      }
    }, null)).map(x -> {
      Map<K, StatsRepository.Counts> out = new HashMap<>();
      sums.forEach((k, s) -> out.put(k, new StatsRepository.Counts(s[0], s[1])));
      return out;
    });
  }

  /** Distinct readers per key over the hours {@code [fromHr, toHr)} of the articles accepted. */
  <K> Future<Map<K, Long>> readers(int fromHr, int toHr, Predicate<String> articles, Key<K> key) {
    Map<K, ReaderSet> sets = new HashMap<>();
    return scan(fromHr, toHr, (hr, blob) -> ClickLog.decode(blob, articles, null, (id, reader) -> {
      K k = key.of(hr, id);
      if (k != null) {
        sets.computeIfAbsent(k, x -> new ReaderSet()).add(reader);
      }
    })).map(x -> {
      Map<K, Long> counts = new HashMap<>();
      sets.forEach((k, set) -> counts.put(k, set.count()));
      return counts;
    });
  }

  /** Distinct readers over the hours {@code [fromHr, toHr)} of the articles accepted, as one set. */
  Future<Long> totalReaders(int fromHr, int toHr, Predicate<String> articles) {
    return readers(fromHr, toHr, articles, (hr, id) -> Boolean.TRUE).map(m -> m.getOrDefault(Boolean.TRUE, 0L));
  }

  private static void each(RowSet<Row> rows, Blobs blobs) {
    for (Row row : rows) {
      blobs.blob(row.getInteger(0), Dialect.bytes(row.getValue(1)));
    }
  }

  /** Decoding is CPU work: a month of entries takes tens of milliseconds, too long for an event loop. */
  private static Future<Void> offLoop(Runnable work) {
    Context context = Vertx.currentContext();
    if (context == null) {
      work.run();
      return Future.succeededFuture();
    }
    return context.executeBlocking(() -> {
      work.run();
      return null;
    }, true);
  }

  /** A set of reader numbers: a list while small, a bitmap once it is large. */
  static final class ReaderSet {
    private int listLimit = 1 << 15;
    private ClickLog.LongList list = new ClickLog.LongList();
    private BitSet bits;

    void add(long reader) {
      if (bits != null) {
        bits.set((int) reader);
        return;
      }
      list.add(reader);
      if (list.size() >= listLimit) {
        long[] values = list.sortedDistinct();
        list = new ClickLog.LongList();
        if (values.length > 0 && values[values.length - 1] < Integer.MAX_VALUE) {
          bits = new BitSet();
          for (long v : values) {
            bits.set((int) v);
          }
        } else {
          for (long v : values) {
            list.add(v); // numbers beyond a bitmap's reach: stay a (deduplicated) list
          }
          listLimit = Math.max(listLimit, 2 * values.length);
        }
      }
    }

    long count() {
      return bits != null ? bits.cardinality() : list.sortedDistinct().length;
    }
  }
}
