package linkgate.stats;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import linkgate.store.ClickLog;
import linkgate.store.Dialect;
import linkgate.store.Store;

/**
 * The read side of the click data written by {@code clicks.ClickRepository}: summary totals from
 * {@code click_hours_all} (one row per hour), everything per article from the click log
 * ({@link ClickLogReader}): clicks and blocked attempts are sums, unique readers exact distinct
 * counts over the hours read.
 *
 * <p>Thread-safe; futures complete on the caller's context.
 */
final class StatsRepository {
  /** Rows per export page. */
  static final int PAGE = 1000;

  private static final Comparator<Map.Entry<String, Counts>> TOP_ORDER =
      Comparator.<Map.Entry<String, Counts>>comparingLong(e -> -e.getValue().clicks())
          .thenComparing(Map.Entry::getKey);

  private static final String TOTAL_COUNTS = """
      SELECT CAST(COALESCE(SUM(clicks), 0) AS BIGINT), CAST(COALESCE(SUM(blocked), 0) AS BIGINT)
      FROM click_hours_all
      WHERE hr >= ? AND hr < ?""";

  // The series over all articles: counts from the per-hour totals (24 rows a day however many
  // articles).
  private static final String ALL_HOUR_COUNTS = """
      SELECT hr, clicks, blocked FROM click_hours_all
      WHERE hr >= ? AND hr < ?""";

  // stat_articles holds every article that ever had a click or a counted blocked attempt.
  private static final String KNOWN = """
      SELECT CASE WHEN EXISTS (SELECT 1 FROM articles WHERE id = ?)
                    OR EXISTS (SELECT 1 FROM stat_articles WHERE article_id = ?)
             THEN 1 ELSE 0 END""";

  private final Store store;
  private final Dialect dialect;
  private final String totalCounts;
  private final String allHourCounts;
  private final String known;
  private final ClickLogReader log;

  StatsRepository(Store store) {
    this.store = store;
    this.dialect = store.dialect();
    this.totalCounts = dialect.sql(TOTAL_COUNTS);
    this.allHourCounts = dialect.sql(ALL_HOUR_COUNTS);
    this.known = dialect.sql(KNOWN);
    this.log = new ClickLogReader(store);
  }

  /** Clicks and blocked attempts for a bucket (an hour, a day) or a sum over buckets. */
  record Counts(long clicks, long blocked) {
    static final Counts ZERO = new Counts(0, 0);

    Counts plus(Counts other) {
      return new Counts(clicks + other.clicks, blocked + other.blocked);
    }
  }

  /** One export row before formatting: bucket is an epoch hour or day, per the export's bucket. */
  record ExportRow(int bucket, String articleId, long clicks, long uniqueReaders, long blocked) {}

  /** A top-list row before its unique readers are known. */
  record TopRow(String articleId, String title, long clicks, long blocked) {}

  // ---- summary

  Future<Counts> totalCounts(StatsRange range) {
    return query(totalCounts, Tuple.of(range.fromHour(), range.toHourExclusive()))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Counts(row.getLong(0), row.getLong(1));
        });
  }

  Future<Long> totalReaders(StatsRange range) {
    return log.totalReaders(range.fromHour(), range.toHourExclusive(), id -> true);
  }

  // ---- top

  /** The {@code limit} articles with most clicks (then id), with their titles ("" if deleted). */
  Future<List<TopRow>> top(StatsRange range, int limit) {
    return log.counts(range.fromHour(), range.toHourExclusive(), id -> true, (hr, id) -> id).compose(counts -> {
      List<Map.Entry<String, Counts>> best = counts.entrySet().stream().sorted(TOP_ORDER).limit(limit).toList();
      return titles(best.stream().map(Map.Entry::getKey).toList()).map(titles -> best.stream()
          .map(e -> new TopRow(e.getKey(), titles.getOrDefault(e.getKey(), ""), e.getValue().clicks(),
              e.getValue().blocked()))
          .toList());
    });
  }

  private Future<Map<String, String>> titles(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String sql = dialect.sql("SELECT id, title FROM articles WHERE id IN (" + "?, ".repeat(ids.size() - 1) + "?)");
    return query(sql, Tuple.from(new ArrayList<Object>(ids))).map(rows -> {
      Map<String, String> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getString(0), r.getString(1)));
      return out;
    });
  }

  /** Unique readers over {@code range} of each of {@code ids}; ids without readers are absent. */
  Future<Map<String, Long>> readersOf(List<String> ids, StatsRange range) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Set<String> wanted = new HashSet<>(ids);
    return log.readers(range.fromHour(), range.toHourExclusive(), wanted::contains, (hr, id) -> id);
  }

  // ---- one article

  /** Whether {@code id} is an article or has ever had stats. */
  Future<Boolean> known(String id) {
    return query(known, Tuple.of(id, id)).map(rows -> rows.iterator().next().getInteger(0) > 0);
  }

  /** Counts per epoch hour in {@code [start, end)}; hours without data are absent. */
  Future<Map<Integer, Counts>> hourCounts(String id, int start, int end) {
    return log.counts(start, end, id::equals, (hr, article) -> hr);
  }

  /** Counts per epoch day in {@code [start, end)}. */
  Future<Map<Integer, Counts>> dayCounts(String id, int start, int end) {
    return log.counts(start * 24, end * 24, id::equals, (hr, article) -> Math.floorDiv(hr, 24));
  }

  /** Unique readers per epoch hour in {@code [start, end)}. */
  Future<Map<Integer, Long>> hourReaders(String id, int start, int end) {
    return log.readers(start, end, id::equals, (hr, article) -> hr);
  }

  /** Unique readers per epoch day in {@code [start, end)}. */
  Future<Map<Integer, Long>> dayReaders(String id, int start, int end) {
    return log.readers(start * 24, end * 24, id::equals, (hr, article) -> Math.floorDiv(hr, 24));
  }

  /** Unique readers over the hours {@code [start, end)} as a whole. */
  Future<Long> spanReaders(String id, int start, int end) {
    return log.totalReaders(start, end, id::equals);
  }

  /** Unique readers of one article over the whole range. */
  Future<Long> articleReaders(String id, StatsRange range) {
    return readersOf(List.of(id), range).map(m -> m.getOrDefault(id, 0L));
  }

  // ---- series over all articles

  /** Counts over all articles per epoch hour in {@code [start, end)}; hours without data are absent. */
  Future<Map<Integer, Counts>> allHourCounts(int start, int end) {
    return query(allHourCounts, Tuple.of(start, end)).map(rows -> {
      Map<Integer, Counts> out = new HashMap<>();
      for (Row row : rows) {
        out.put(row.getInteger(0), new Counts(row.getLong(1), row.getLong(2)));
      }
      return out;
    });
  }

  /** Unique readers over all articles per epoch hour in {@code [start, end)}. */
  Future<Map<Integer, Long>> allHourReaders(int start, int end) {
    return log.readers(start, end, id -> true, (hr, article) -> hr);
  }

  /** Unique readers over all articles per epoch day in {@code [start, end)}. */
  Future<Map<Integer, Long>> allDayReaders(int start, int end) {
    return log.readers(start * 24, end * 24, id -> true, (hr, article) -> Math.floorDiv(hr, 24));
  }

  /** Unique readers over all articles in the hours {@code [start, end)} as a whole. */
  Future<Long> allSpanReaders(int start, int end) {
    return log.totalReaders(start, end, id -> true);
  }

  // ---- export

  /**
   * Up to {@link #PAGE} rows with an hour ({@code hours}) or day bucket in {@code [start, end)}
   * that come after {@code (lastBucket, lastId)} in (bucket, id) order. A bucket is read whole and
   * its rows taken in id order, so a page may stop inside a bucket and the next page read it again.
   */
  Future<List<ExportRow>> exportPage(boolean hours, int start, int end, int lastBucket, String lastId) {
    int from = Math.max(start, lastBucket);
    int fromHr = hours ? from : from * 24;
    int toHr = hours ? end : end * 24;
    return log.hoursWithEntries(fromHr, toHr).compose(withEntries -> {
      List<Integer> buckets = withEntries.stream().map(hr -> hours ? hr : Math.floorDiv(hr, 24)).distinct().toList();
      List<ExportRow> out = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (int bucket : buckets) {
        chain = chain.compose(x -> {
          if (out.size() >= PAGE) {
            return Future.succeededFuture();
          }
          int a = hours ? bucket : bucket * 24;
          int b = hours ? bucket + 1 : bucket * 24 + 24;
          String after = bucket == lastBucket ? lastId : null;
          return rows(a, b, bucket, after, PAGE - out.size()).map(rows -> {
            out.addAll(rows);
            return null;
          });
        });
      }
      return chain.map(x -> out);
    });
  }

  /**
   * Up to {@link #PAGE} articles after {@code lastId} with data in the hours {@code [start, end)},
   * summed over those hours; every row gets {@code bucket} (the day they belong to).
   */
  Future<List<ExportRow>> exportSpanPage(int start, int end, int bucket, String lastId) {
    return rows(start, end, bucket, lastId, PAGE);
  }

  /** The rows of the hours {@code [fromHr, toHr)} as one bucket, ids after {@code after}, at most {@code max}. */
  private Future<List<ExportRow>> rows(int fromHr, int toHr, int bucket, String after, int max) {
    TreeMap<String, long[]> counts = new TreeMap<>();
    Map<String, ClickLogReader.ReaderSet> readers = new HashMap<>();
    return log.scan(fromHr, toHr, (hr, blob) -> ClickLog.decode(blob,
        id -> after == null || id.compareTo(after) > 0,
        (id, clicks, blocked) -> {
          long[] c = counts.computeIfAbsent(id, x -> new long[2]);
          c[0] += clicks;
          c[1] += blocked;
        },
        (id, reader) -> readers.computeIfAbsent(id, x -> new ClickLogReader.ReaderSet()).add(reader)))
        .map(x -> {
          List<ExportRow> out = new ArrayList<>(Math.min(max, counts.size()));
          for (Map.Entry<String, long[]> e : counts.entrySet()) {
            if (out.size() >= max) {
              break;
            }
            ClickLogReader.ReaderSet set = readers.get(e.getKey());
            out.add(new ExportRow(bucket, e.getKey(), e.getValue()[0], set == null ? 0 : set.count(), e.getValue()[1]));
          }
          return out;
        });
  }

  // ---- helpers

  private Future<RowSet<Row>> query(String sql, Tuple args) {
    return store.pool().preparedQuery(sql).execute(args);
  }
}
