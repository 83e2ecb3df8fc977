package linkgate.clicks;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import linkgate.store.Dialect;
import linkgate.store.ReaderLog;
import linkgate.store.Store;
import linkgate.store.TimeBuckets;

/**
 * Writes aggregated batches: counters per article per hour and per day, hourly totals, and the
 * readers of the batch as one reader-log row per hour (see {@link ReaderLog}), all in one
 * transaction. Keys are written in sorted order so that concurrent
 * writers (several processes on PostgreSQL) lock rows in the same order and cannot deadlock.
 */
final class ClickRepository {
  private static final int CHUNK = 500;
  private static final Comparator<ClickBatch.HourKey> HOUR_ORDER =
      Comparator.comparing(ClickBatch.HourKey::articleId).thenComparingInt(ClickBatch.HourKey::hr);

  private final Store store;
  private final ReaderIds readers;
  private final String addHour;
  private final String addDay;
  private final String addTotal;
  private final String appendLog;

  ClickRepository(Store store, ReaderIds readers) {
    this.store = store;
    this.readers = readers;
    Dialect d = store.dialect();
    List<String> values = List.of("clicks", "blocked");
    this.addHour = d.addToCounters("click_hours", List.of("article_id VARCHAR(128)", "hr INT"), values);
    this.addDay = d.addToCounters("click_days", List.of("article_id VARCHAR(128)", "dy INT"), values);
    this.addTotal = d.addToCounters("click_hours_all", List.of("hr INT"), values);
    this.appendLog = d.sql("INSERT INTO reader_log (hr, readers) VALUES (?, ?)");
  }

  /** Makes the commits so far durable now (see {@link Store#persist()}). */
  Future<Void> persist() {
    return store.persist();
  }

  /** How long the store may take to put a commit on disk. */
  long writeDelayMillis() {
    return store.writeDelayMillis();
  }

  /** Writes every batch given (additively) and commits once. */
  Future<Void> write(List<ClickBatch> batches) {
    ClickBatch all = new ClickBatch();
    for (ClickBatch b : batches) {
      all.absorb(b);
    }
    if (all.isEmpty()) {
      return Future.succeededFuture();
    }
    return readers.resolve(ReaderIds.subs(all))
        .compose(ids -> store.pool().withTransaction(conn -> existing(conn, all)
            .compose(known -> writeCounts(conn, all, known))
            .compose(x -> writeReaders(conn, all, ids))));
  }

  /** Which of the batch's blocked-only article ids still exist: blocked counts only count those. */
  private Future<Set<String>> existing(SqlConnection conn, ClickBatch batch) {
    Set<String> ids = new TreeSet<>();
    batch.counts.forEach((k, v) -> {
      if (v[0] == 0) {
        ids.add(k.articleId());
      }
    });
    Set<String> known = new HashSet<>();
    batch.counts.forEach((k, v) -> {
      if (v[0] > 0) {
        known.add(k.articleId()); // a click is a 302 to that article: it existed
      }
    });
    ids.removeAll(known);
    List<String> ordered = new ArrayList<>(ids);
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ordered.size(); from += CHUNK) {
      List<String> chunk = ordered.subList(from, Math.min(ordered.size(), from + CHUNK));
      String sql = store.dialect().sql(
          "SELECT id FROM articles WHERE id IN (" + "?, ".repeat(chunk.size() - 1) + "?)");
      chain = chain.compose(x -> conn.preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(chunk))))
          .map(rows -> {
            for (Row row : rows) {
              known.add(row.getString(0));
            }
            return null;
          });
    }
    return chain.map(x -> known);
  }

  private Future<Void> writeCounts(SqlConnection conn, ClickBatch batch, Set<String> known) {
    TreeMap<ClickBatch.HourKey, long[]> hours = new TreeMap<>(HOUR_ORDER);
    TreeMap<ClickBatch.HourKey, long[]> days = new TreeMap<>(HOUR_ORDER);
    TreeMap<Integer, long[]> totals = new TreeMap<>();
    batch.counts.forEach((k, v) -> {
      if (!known.contains(k.articleId())) {
        return; // blocked attempts on an id that is no article: not counted
      }
      hours.put(k, v);
      add(days.computeIfAbsent(new ClickBatch.HourKey(k.articleId(), TimeBuckets.dayOfHour(k.hr())),
          x -> new long[2]), v);
      add(totals.computeIfAbsent(k.hr(), x -> new long[2]), v);
    });
    List<Tuple> hourRows = new ArrayList<>(hours.size());
    hours.forEach((k, v) -> hourRows.add(Tuple.of(k.articleId(), k.hr(), v[0], v[1])));
    List<Tuple> dayRows = new ArrayList<>(days.size());
    days.forEach((k, v) -> dayRows.add(Tuple.of(k.articleId(), k.hr(), v[0], v[1])));
    List<Tuple> totalRows = new ArrayList<>(totals.size());
    totals.forEach((hr, v) -> totalRows.add(Tuple.of(hr, v[0], v[1])));
    return batch(conn, addHour, hourRows)
        .compose(x -> batch(conn, addDay, dayRows))
        .compose(x -> batch(conn, addTotal, totalRows));
  }

  /** One reader-log row per hour of the batch: who followed which article in that hour. */
  private Future<Void> writeReaders(SqlConnection conn, ClickBatch batch, Map<String, Long> ids) {
    Map<Integer, TreeMap<String, ReaderLog.LongList>> byHour = new TreeMap<>();
    for (ClickBatch.ReaderKey r : batch.readers) {
      byHour.computeIfAbsent(r.hr(), h -> new TreeMap<>())
          .computeIfAbsent(r.articleId(), a -> new ReaderLog.LongList())
          .add(ids.get(r.sub()));
    }
    List<Tuple> rows = new ArrayList<>(byHour.size());
    byHour.forEach((hr, articles) -> {
      TreeMap<String, long[]> readers = new TreeMap<>();
      articles.forEach((id, list) -> readers.put(id, list.sortedDistinct()));
      rows.add(Tuple.of(hr, store.dialect().binary(ReaderLog.encode(readers))));
    });
    return batch(conn, appendLog, rows);
  }

  private static void add(long[] into, long[] v) {
    into[0] += v[0];
    into[1] += v[1];
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }
}
