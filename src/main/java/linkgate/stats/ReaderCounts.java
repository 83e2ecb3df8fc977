package linkgate.stats;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import linkgate.store.Dialect;
import linkgate.store.ReaderLog;
import linkgate.store.Store;

/**
 * Exact unique-reader counts from the reader log ({@link ReaderLog}): the blobs of the hours asked
 * for are read a day at a time, decoded off the event loop, and every (article, reader) pair is
 * put in the set of its key, e.g. the article, the hour, or (day, article). Sets are sorted lists
 * while small and bitmaps over reader numbers once large, so a month over every article (millions
 * of pairs) needs a few hundred kilobytes. Thread-safe; futures complete on the caller's context.
 */
final class ReaderCounts {
  private static final int HOURS_PER_READ = 24;

  /** Which set a pair belongs to; null leaves the pair out. */
  @FunctionalInterface
  interface Key<K> {
    K of(int hr, String articleId);
  }

  private final Store store;
  private final String read;

  ReaderCounts(Store store) {
    this.store = store;
    this.read = store.dialect().sql("SELECT hr, readers FROM reader_log WHERE hr >= ? AND hr < ? ORDER BY hr");
  }

  /** Distinct readers per key over the hours {@code [fromHr, toHr)} of the articles accepted. */
  <K> Future<Map<K, Long>> count(int fromHr, int toHr, Predicate<String> articles, Key<K> key) {
    Map<K, ReaderSet> sets = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = fromHr; from < toHr; from += HOURS_PER_READ) {
      int start = from;
      int end = Math.min(toHr, from + HOURS_PER_READ);
      chain = chain.compose(x -> store.pool().preparedQuery(read).execute(Tuple.of(start, end)))
          .compose(rows -> offLoop(() -> add(rows, articles, key, sets)));
    }
    return chain.map(x -> {
      Map<K, Long> counts = new HashMap<>();
      sets.forEach((k, set) -> counts.put(k, set.count()));
      return counts;
    });
  }

  /** Distinct readers over the hours {@code [fromHr, toHr)} of the articles accepted, as one set. */
  Future<Long> total(int fromHr, int toHr, Predicate<String> articles) {
    return count(fromHr, toHr, articles, (hr, id) -> Boolean.TRUE).map(m -> m.getOrDefault(Boolean.TRUE, 0L));
  }

  private static <K> void add(RowSet<Row> rows, Predicate<String> articles, Key<K> key, Map<K, ReaderSet> sets) {
    for (Row row : rows) {
      int hr = row.getInteger(0);
      ReaderLog.decode(Dialect.bytes(row.getValue(1)), articles, (id, reader) -> {
        K k = key.of(hr, id);
        if (k != null) {
          sets.computeIfAbsent(k, x -> new ReaderSet()).add(reader);
        }
      });
    }
  }

  /** Decoding is CPU work: a month of blobs takes tens of milliseconds, too long for an event loop. */
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
    private static final int LIST_LIMIT = 1 << 15;
    private ReaderLog.LongList list = new ReaderLog.LongList();
    private BitSet bits;

    void add(long reader) {
      if (bits != null) {
        bits.set((int) reader);
        return;
      }
      list.add(reader);
      if (list.size() >= LIST_LIMIT) {
        long[] values = list.sortedDistinct();
        if (values.length > 0 && values[values.length - 1] < Integer.MAX_VALUE) {
          bits = new BitSet();
          for (long v : values) {
            bits.set((int) v);
          }
          list = null;
        } else {
          list = new ReaderLog.LongList();
          for (long v : values) {
            list.add(v); // numbers beyond the bitmap's reach: stay a (deduplicated) list
          }
        }
      }
    }

    long count() {
      return bits != null ? bits.cardinality() : list.sortedDistinct().length;
    }
  }

}
