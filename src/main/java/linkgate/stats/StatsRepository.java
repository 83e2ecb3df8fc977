package linkgate.stats;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import linkgate.store.Dialect;
import linkgate.store.Store;

/**
 * The read side of the click tables (written by {@code clicks.ClickRepository}). Every statement
 * is prepared text with {@code ?} placeholders, rewritten once for the dialect.
 *
 * <p>Ranges arrive already split by {@link StatsRange#parts()}: whole days read the {@code *_days}
 * tables, edge hours the {@code *_hours} tables, so a 30-day range reads about 30 rows per article
 * instead of 720. Statements that take "the edge hours" take two {@code [start, end)} hour spans;
 * an absent span is passed as {@code [0, 0)}, which matches nothing.
 *
 * <p>Unique readers are exact distinct counts over the reader log of the hours read
 * ({@link ReaderCounts}); clicks and blocked attempts are sums of the counter tables.
 *
 * <p>Thread-safe; futures complete on the caller's context.
 */
final class StatsRepository {
  /** Rows per export page. */
  static final int PAGE = 1000;

  private static final String TOTAL_COUNTS = """
      SELECT CAST(COALESCE(SUM(clicks), 0) AS BIGINT), CAST(COALESCE(SUM(blocked), 0) AS BIGINT)
      FROM click_hours_all
      WHERE hr >= ? AND hr < ?""";

  // The top rows are chosen (ordered and limited) before the join, so titles are looked up only
  // for the articles returned. The two edge-hour spans are two index range scans (an OR of the
  // two would make H2 scan the whole table).
  private static final String TOP = """
      SELECT t.article_id, COALESCE(a.title, ''), t.clicks, t.blocked FROM (
        SELECT article_id, CAST(SUM(clicks) AS BIGINT) AS clicks, CAST(SUM(blocked) AS BIGINT) AS blocked
        FROM (
          SELECT article_id, clicks, blocked FROM click_days WHERE dy >= ? AND dy < ?
          UNION ALL
          SELECT article_id, clicks, blocked FROM click_hours WHERE hr >= ? AND hr < ?
          UNION ALL
          SELECT article_id, clicks, blocked FROM click_hours WHERE hr >= ? AND hr < ?
        ) c
        GROUP BY article_id
        ORDER BY clicks DESC, %1$s
        LIMIT ?
      ) t
      LEFT JOIN articles a ON a.id = t.article_id
      ORDER BY t.clicks DESC, %2$s""";

  // click_days has a row for every article that ever had a click or a counted blocked attempt.
  private static final String KNOWN = """
      SELECT CASE WHEN EXISTS (SELECT 1 FROM articles WHERE id = ?)
                    OR EXISTS (SELECT 1 FROM click_days WHERE article_id = ?)
             THEN 1 ELSE 0 END""";

  private static final String HOUR_COUNTS = """
      SELECT hr, clicks, blocked FROM click_hours
      WHERE article_id = ? AND hr >= ? AND hr < ?""";

  private static final String DAY_COUNTS = """
      SELECT dy, clicks, blocked FROM click_days
      WHERE article_id = ? AND dy >= ? AND dy < ?""";

  // The series over all articles: counts from the per-hour totals (24 rows a day however many
  // articles).
  private static final String ALL_HOUR_COUNTS = """
      SELECT hr, clicks, blocked FROM click_hours_all
      WHERE hr >= ? AND hr < ?""";

  // Export, keyset pagination over (bucket, article_id): "after (b, id)" is written as
  // b >= last AND (b > last OR id > lastId), whose first term bounds an index range scan.
  // %1$s table, %2$s bucket column, %3$s the id in code-point order.
  private static final String EXPORT_PAGE = """
      SELECT %2$s, article_id, clicks, blocked FROM %1$s
      WHERE %2$s >= ? AND %2$s < ? AND (%2$s > ? OR %3$s > ?)
      ORDER BY %2$s, %3$s
      LIMIT ?""";

  // Export of a partial day: the hours of one day summed per article, paged by article id.
  private static final String EXPORT_SPAN_PAGE = """
      SELECT article_id, CAST(SUM(clicks) AS BIGINT), CAST(SUM(blocked) AS BIGINT) FROM click_hours
      WHERE hr >= ? AND hr < ? AND %1$s > ?
      GROUP BY article_id
      ORDER BY %1$s
      LIMIT ?""";

  private final Store store;
  private final Dialect dialect;
  private final String totalCounts;
  private final String top;
  private final String known;
  private final String hourCounts;
  private final String dayCounts;
  private final String allHourCounts;
  private final String exportHourPage;
  private final String exportDayPage;
  private final String exportSpanPage;
  private final ReaderCounts readers;

  StatsRepository(Store store) {
    this.store = store;
    Dialect d = store.dialect();
    this.dialect = d;
    String id = d.idOrder("article_id");
    this.totalCounts = d.sql(TOTAL_COUNTS);
    this.top = d.sql(TOP.formatted(id, d.idOrder("t.article_id")));
    this.known = d.sql(KNOWN);
    this.hourCounts = d.sql(HOUR_COUNTS);
    this.dayCounts = d.sql(DAY_COUNTS);
    this.allHourCounts = d.sql(ALL_HOUR_COUNTS);
    this.exportHourPage = d.sql(EXPORT_PAGE.formatted("click_hours", "hr", id));
    this.exportDayPage = d.sql(EXPORT_PAGE.formatted("click_days", "dy", id));
    this.exportSpanPage = d.sql(EXPORT_SPAN_PAGE.formatted(id));
    this.readers = new ReaderCounts(store);
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
        .map(rows -> counts(rows.iterator().next(), 0));
  }

  Future<Long> totalReaders(StatsRange range) {
    return readers.total(range.fromHour(), range.toHourExclusive(), id -> true);
  }

  // ---- top

  Future<List<TopRow>> top(StatsRange range, int limit) {
    return query(top, daysAndEdges(Tuple.tuple(), range).addInteger(limit)).map(rows -> {
      List<TopRow> out = new ArrayList<>(rows.size());
      for (Row row : rows) {
        out.add(new TopRow(row.getString(0), row.getString(1), row.getLong(2), row.getLong(3)));
      }
      return out;
    });
  }

  /** Unique readers over {@code range} of each of {@code ids}; ids without readers are absent. */
  Future<Map<String, Long>> readersOf(List<String> ids, StatsRange range) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    java.util.Set<String> wanted = new java.util.HashSet<>(ids);
    return readers.count(range.fromHour(), range.toHourExclusive(), wanted::contains, (hr, id) -> id);
  }

  // ---- one article

  /** Whether {@code id} is an article or has ever had stats. */
  Future<Boolean> known(String id) {
    return query(known, Tuple.of(id, id)).map(rows -> single(rows) > 0);
  }

  /** Counts per epoch hour in {@code [start, end)}; hours without data are absent. */
  Future<Map<Integer, Counts>> hourCounts(String id, int start, int end) {
    return query(hourCounts, Tuple.of(id, start, end)).map(StatsRepository::countsByBucket);
  }

  /** Counts per epoch day in {@code [start, end)}, from the day roll-up. */
  Future<Map<Integer, Counts>> dayCounts(String id, int start, int end) {
    return query(dayCounts, Tuple.of(id, start, end)).map(StatsRepository::countsByBucket);
  }

  /** Unique readers per epoch hour in {@code [start, end)}. */
  Future<Map<Integer, Long>> hourReaders(String id, int start, int end) {
    return readers.count(start, end, id::equals, (hr, article) -> hr);
  }

  /** Unique readers per epoch day in {@code [start, end)}. */
  Future<Map<Integer, Long>> dayReaders(String id, int start, int end) {
    return readers.count(start * 24, end * 24, id::equals, (hr, article) -> Math.floorDiv(hr, 24));
  }

  /** Unique readers over the hours {@code [start, end)} as a whole. */
  Future<Long> spanReaders(String id, int start, int end) {
    return readers.total(start, end, id::equals);
  }

  /** Unique readers of one article over the whole range. */
  Future<Long> articleReaders(String id, StatsRange range) {
    return readersOf(List.of(id), range).map(m -> m.getOrDefault(id, 0L));
  }

  // ---- series over all articles

  /** Counts over all articles per epoch hour in {@code [start, end)}; hours without data are absent. */
  Future<Map<Integer, Counts>> allHourCounts(int start, int end) {
    return query(allHourCounts, Tuple.of(start, end)).map(StatsRepository::countsByBucket);
  }

  /** Unique readers over all articles per epoch hour in {@code [start, end)}. */
  Future<Map<Integer, Long>> allHourReaders(int start, int end) {
    return readers.count(start, end, id -> true, (hr, article) -> hr);
  }

  /** Unique readers over all articles per epoch day in {@code [start, end)}. */
  Future<Map<Integer, Long>> allDayReaders(int start, int end) {
    return readers.count(start * 24, end * 24, id -> true, (hr, article) -> Math.floorDiv(hr, 24));
  }

  /** Unique readers over all articles in the hours {@code [start, end)} as a whole. */
  Future<Long> allSpanReaders(int start, int end) {
    return readers.total(start, end, id -> true);
  }

  // ---- export

  /**
   * Up to {@link #PAGE} rows of the hour ({@code hours}) or day table with a bucket in
   * {@code [start, end)} that come after {@code (lastBucket, lastId)} in (bucket, id) order.
   */
  Future<List<ExportRow>> exportPage(boolean hours, int start, int end, int lastBucket, String lastId) {
    String page = hours ? exportHourPage : exportDayPage;
    int from = Math.max(start, lastBucket);
    return query(page, Tuple.of(from, end, lastBucket, lastId, PAGE)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(List.of());
      }
      List<Row> list = new ArrayList<>(rows.size());
      rows.forEach(list::add);
      Row first = list.get(0);
      Row last = list.get(list.size() - 1);
      int b1 = first.getInteger(0);
      int b2 = last.getInteger(0);
      java.util.Set<String> pairs = new java.util.HashSet<>();
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (Row r : list) {
        pairs.add(r.getInteger(0) + "/" + r.getString(1));
        ids.add(r.getString(1));
      }
      int fromHr = hours ? b1 : b1 * 24;
      int toHr = hours ? b2 + 1 : (b2 + 1) * 24;
      return readers.count(fromHr, toHr, ids::contains, (hr, id) -> {
        String key = (hours ? hr : Math.floorDiv(hr, 24)) + "/" + id;
        return pairs.contains(key) ? key : null;
      }).map(byKey -> {
        List<ExportRow> out = new ArrayList<>(list.size());
        for (Row r : list) {
          int bucket = r.getInteger(0);
          String id = r.getString(1);
          out.add(new ExportRow(bucket, id, r.getLong(2), byKey.getOrDefault(bucket + "/" + id, 0L), r.getLong(3)));
        }
        return out;
      });
    });
  }

  /**
   * Up to {@link #PAGE} articles after {@code lastId} with data in the hours {@code [start, end)},
   * summed over those hours; every row gets {@code bucket} (the day they belong to).
   */
  Future<List<ExportRow>> exportSpanPage(int start, int end, int bucket, String lastId) {
    return query(exportSpanPage, Tuple.of(start, end, lastId, PAGE)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(List.of());
      }
      List<Row> list = new ArrayList<>(rows.size());
      rows.forEach(list::add);
      java.util.Set<String> ids = new java.util.HashSet<>();
      list.forEach(r -> ids.add(r.getString(0)));
      return readers.count(start, end, ids::contains, (hr, id) -> id).map(byId -> {
        List<ExportRow> out = new ArrayList<>(list.size());
        for (Row r : list) {
          String id = r.getString(0);
          out.add(new ExportRow(bucket, id, r.getLong(1), byId.getOrDefault(id, 0L), r.getLong(2)));
        }
        return out;
      });
    });
  }

  // ---- helpers

  private Future<RowSet<Row>> query(String sql, Tuple args) {
    return store.pool().preparedQuery(sql).execute(args);
  }

  /** Appends the whole days, then the two edge-hour spans. */
  private static Tuple daysAndEdges(Tuple args, StatsRange range) {
    StatsRange.Part days = range.wholeDays();
    args.addInteger(days.start()).addInteger(days.end());
    return edges(args, range);
  }

  /** Appends the (at most two) edge-hour spans, padding with the empty span [0, 0). */
  private static Tuple edges(Tuple args, StatsRange range) {
    List<StatsRange.Part> edges = range.edgeHours();
    for (int i = 0; i < 2; i++) {
      StatsRange.Part p = i < edges.size() ? edges.get(i) : null;
      args.addInteger(p == null ? 0 : p.start()).addInteger(p == null ? 0 : p.end());
    }
    return args;
  }

  private static long single(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    Number n = (Number) row.getValue(0);
    return n == null ? 0 : n.longValue();
  }

  private static Counts counts(Row row, int from) {
    return new Counts(row.getLong(from), row.getLong(from + 1));
  }

  private static Map<Integer, Counts> countsByBucket(RowSet<Row> rows) {
    Map<Integer, Counts> out = new HashMap<>();
    for (Row row : rows) {
      out.put(row.getInteger(0), counts(row, 1));
    }
    return out;
  }

  private static Map<Integer, Long> longByBucket(RowSet<Row> rows) {
    Map<Integer, Long> out = new HashMap<>();
    for (Row row : rows) {
      out.put(row.getInteger(0), row.getLong(1));
    }
    return out;
  }
}
