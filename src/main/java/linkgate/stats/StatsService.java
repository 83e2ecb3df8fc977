package linkgate.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import linkgate.store.Store;
import linkgate.store.TimeBuckets;

/**
 * Answers the admin stats questions over a {@link StatsRange}: totals, the top articles, one
 * article's series, and the CSV export.
 *
 * <p>Counts are exact: clicks and blocked attempts are sums of counters, unique readers a
 * {@code COUNT(DISTINCT)} of numbered readers over the buckets the range covers (whole UTC days
 * from the day tables, edge hours from the hour tables). Stats of deleted articles stay and are
 * reported like any other.
 *
 * <p>Thread-safe; every future completes on the caller's context (the store's futures do).
 */
public final class StatsService {
  /** Most articles {@link #top} returns. */
  public static final int MAX_TOP = 100;

  private final StatsRepository repository;

  public StatsService(Store store) {
    this.repository = new StatsRepository(store);
  }

  /** Totals over all articles. */
  public record Totals(long clicks, long uniqueReaders, long blocked) {
    public JsonObject toJson() {
      return new JsonObject().put("clicks", clicks).put("uniqueReaders", uniqueReaders).put("blocked", blocked);
    }
  }

  /** A row of the top list; {@code title} is {@code ""} for a deleted article. */
  public record TopArticle(String id, String title, long clicks, long uniqueReaders, long blocked) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("title", title).put("clicks", clicks)
          .put("uniqueReaders", uniqueReaders).put("blocked", blocked);
    }
  }

  /** One bucket of a series; {@code t} is the bucket's start (UTC). */
  public record Point(Instant t, long clicks, long uniqueReaders) {
    public JsonObject toJson() {
      return new JsonObject().put("t", t.toString()).put("clicks", clicks).put("uniqueReaders", uniqueReaders);
    }
  }

  /** One bucket of the series over all articles; {@code t} is the bucket's start (UTC). */
  public record OverallPoint(Instant t, long clicks, long uniqueReaders, long blocked) {
    public JsonObject toJson() {
      return new JsonObject().put("t", t.toString()).put("clicks", clicks)
          .put("uniqueReaders", uniqueReaders).put("blocked", blocked);
    }
  }

  /** One article's totals over the range and its series, one point per bucket the range touches. */
  public record ArticleStats(String id, Totals totals, List<Point> series) {
    public JsonObject toJson() {
      JsonArray points = new JsonArray();
      series.forEach(p -> points.add(p.toJson()));
      return new JsonObject().put("id", id).put("clicks", totals.clicks())
          .put("uniqueReaders", totals.uniqueReaders()).put("blocked", totals.blocked())
          .put("series", points);
    }
  }

  /** Clicks and blocked attempts from the hourly totals, unique readers over every article. */
  public Future<Totals> summary(StatsRange range) {
    if (range.isEmpty()) {
      return Future.succeededFuture(new Totals(0, 0, 0));
    }
    return Future.all(repository.totalCounts(range), repository.totalReaders(range)).map(all -> {
      StatsRepository.Counts counts = all.resultAt(0);
      long readers = all.resultAt(1);
      return new Totals(counts.clicks(), readers, counts.blocked());
    });
  }

  /**
   * The {@code limit} articles with the most clicks in the range, most first, ties by id
   * (code-point order). Articles with only blocked attempts come last, with 0 clicks.
   *
   * @param limit 1 to {@link #MAX_TOP}
   */
  public Future<List<TopArticle>> top(StatsRange range, int limit) {
    if (limit < 1 || limit > MAX_TOP) {
      throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_TOP);
    }
    if (range.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return repository.top(range, limit).compose(rows -> {
      // Unique readers only for the rows returned: one query over at most `limit` articles.
      List<String> ids = rows.stream().map(StatsRepository.TopRow::articleId).toList();
      return repository.readersOf(ids, range).map(readers -> rows.stream()
          .map(r -> new TopArticle(r.articleId(), r.title(), r.clicks(),
              readers.getOrDefault(r.articleId(), 0L), r.blocked()))
          .toList());
    });
  }

  /**
   * One article's totals and series. Empty when {@code id} is neither an article nor has any
   * stats (a deleted article with stats still answers, with its zeros where it had no clicks).
   *
   * <p>Every bucket the range touches is a point, zeros included. A day bucket the range only
   * partly covers (the range starts or ends mid-day) counts only the covered hours of that day,
   * so the points' clicks add up to the total. Point unique readers are per bucket; the total is
   * over the whole range (a reader on two days counts once in the total).
   */
  public Future<Optional<ArticleStats>> article(String id, StatsRange range, Bucket bucket) {
    return repository.known(id).compose(known -> {
      if (!known) {
        return Future.succeededFuture(Optional.<ArticleStats>empty());
      }
      if (range.isEmpty()) {
        return Future.succeededFuture(Optional.of(new ArticleStats(id, new Totals(0, 0, 0), List.of())));
      }
      Future<Series> series = bucket == Bucket.HOUR ? hourSeries(id, range) : daySeries(id, range);
      return Future.all(series, repository.articleReaders(id, range)).map(all -> {
        Series s = all.resultAt(0);
        long readers = all.resultAt(1);
        return Optional.of(new ArticleStats(id,
            new Totals(s.sum.clicks(), readers, s.sum.blocked()), s.points));
      });
    });
  }

  /** The series points and the sum of their counts (which is the range's total). */
  private record Series(List<Point> points, StatsRepository.Counts sum) {}

  private Future<Series> hourSeries(String id, StatsRange range) {
    int a = range.fromHour();
    int b = range.toHourExclusive();
    return Future.all(repository.hourCounts(id, a, b), repository.hourReaders(id, a, b)).map(all -> {
      Map<Integer, StatsRepository.Counts> counts = all.resultAt(0);
      Map<Integer, Long> readers = all.resultAt(1);
      List<Point> points = new ArrayList<>(b - a);
      StatsRepository.Counts sum = StatsRepository.Counts.ZERO;
      for (int hr = a; hr < b; hr++) {
        StatsRepository.Counts c = counts.getOrDefault(hr, StatsRepository.Counts.ZERO);
        sum = sum.plus(c);
        points.add(new Point(StatsRange.hourStart(hr), c.clicks(), readers.getOrDefault(hr, 0L)));
      }
      return new Series(points, sum);
    });
  }

  private Future<Series> daySeries(String id, StatsRange range) {
    // Per day: whole days from the day tables; a partial first/last day from its covered hours.
    Map<Integer, Future<StatsRepository.Counts>> partialCounts = new TreeMap<>();
    Map<Integer, Future<Long>> partialReaders = new TreeMap<>();
    Future<Map<Integer, StatsRepository.Counts>> dayCounts = Future.succeededFuture(Map.of());
    Future<Map<Integer, Long>> dayReaders = Future.succeededFuture(Map.of());
    for (StatsRange.Part part : range.parts()) {
      if (part.wholeDays()) {
        dayCounts = repository.dayCounts(id, part.start(), part.end());
        dayReaders = repository.dayReaders(id, part.start(), part.end());
      } else {
        partialCounts.put(part.firstDay(), repository.hourCounts(id, part.start(), part.end())
            .map(byHour -> byHour.values().stream()
                .reduce(StatsRepository.Counts.ZERO, StatsRepository.Counts::plus)));
        partialReaders.put(part.firstDay(), repository.spanReaders(id, part.start(), part.end()));
      }
    }
    List<Future<?>> waits = new ArrayList<>(List.of(dayCounts, dayReaders));
    waits.addAll(partialCounts.values());
    waits.addAll(partialReaders.values());
    Future<Map<Integer, StatsRepository.Counts>> days = dayCounts;
    Future<Map<Integer, Long>> dayUniques = dayReaders;
    return Future.all(waits).map(all -> {
      int firstDay = Math.floorDiv(range.fromHour(), 24);
      int endDay = Math.floorDiv(range.toHourExclusive() - 1, 24) + 1;
      List<Point> points = new ArrayList<>(endDay - firstDay);
      StatsRepository.Counts sum = StatsRepository.Counts.ZERO;
      for (int dy = firstDay; dy < endDay; dy++) {
        StatsRepository.Counts c;
        long readers;
        if (partialCounts.containsKey(dy)) {
          c = partialCounts.get(dy).result();
          readers = partialReaders.get(dy).result();
        } else {
          c = days.result().getOrDefault(dy, StatsRepository.Counts.ZERO);
          readers = dayUniques.result().getOrDefault(dy, 0L);
        }
        sum = sum.plus(c);
        points.add(new Point(StatsRange.dayStart(dy), c.clicks(), readers));
      }
      return new Series(points, sum);
    });
  }

  /**
   * Clicks, unique readers and blocked attempts over all articles, one point per bucket the range
   * touches (zeros included), like {@link #article}'s series: a partly covered first or last day
   * counts only its covered hours, so the points' clicks and blocked attempts add up to
   * {@link #summary}'s. Point unique readers are distinct readers of any article in that bucket.
   * Empty for an empty range.
   */
  public Future<List<OverallPoint>> series(StatsRange range, Bucket bucket) {
    if (range.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int a = range.fromHour();
    int b = range.toHourExclusive();
    Future<Map<Integer, StatsRepository.Counts>> hours = repository.allHourCounts(a, b);
    if (bucket == Bucket.HOUR) {
      return Future.all(hours, repository.allHourReaders(a, b)).map(all -> {
        Map<Integer, StatsRepository.Counts> counts = all.resultAt(0);
        Map<Integer, Long> readers = all.resultAt(1);
        List<OverallPoint> points = new ArrayList<>(b - a);
        for (int hr = a; hr < b; hr++) {
          StatsRepository.Counts c = counts.getOrDefault(hr, StatsRepository.Counts.ZERO);
          points.add(new OverallPoint(StatsRange.hourStart(hr), c.clicks(), readers.getOrDefault(hr, 0L), c.blocked()));
        }
        return points;
      });
    }
    // Days: counts are the day's covered hours summed (at most 24 rows a day); readers of a
    // whole day from the day sets, of a partial day from the distinct readers of its hours.
    Future<Map<Integer, Long>> wholeDayReaders = Future.succeededFuture(Map.of());
    Map<Integer, Future<Long>> partialReaders = new TreeMap<>();
    for (StatsRange.Part part : range.parts()) {
      if (part.wholeDays()) {
        wholeDayReaders = repository.allDayReaders(part.start(), part.end());
      } else {
        partialReaders.put(part.firstDay(), repository.allSpanReaders(part.start(), part.end()));
      }
    }
    List<Future<?>> waits = new ArrayList<>(List.of(hours, wholeDayReaders));
    waits.addAll(partialReaders.values());
    Future<Map<Integer, Long>> dayReaders = wholeDayReaders;
    return Future.all(waits).map(all -> {
      Map<Integer, long[]> byDay = new TreeMap<>();
      hours.result().forEach((hr, c) -> {
        long[] sum = byDay.computeIfAbsent(TimeBuckets.dayOfHour(hr), d -> new long[2]);
        sum[0] += c.clicks();
        sum[1] += c.blocked();
      });
      int firstDay = TimeBuckets.dayOfHour(a);
      int endDay = TimeBuckets.dayOfHour(b - 1) + 1;
      List<OverallPoint> points = new ArrayList<>(endDay - firstDay);
      for (int dy = firstDay; dy < endDay; dy++) {
        long[] sum = byDay.getOrDefault(dy, new long[2]);
        Future<Long> partial = partialReaders.get(dy);
        long readers = partial != null ? partial.result() : dayReaders.result().getOrDefault(dy, 0L);
        points.add(new OverallPoint(StatsRange.dayStart(dy), sum[0], readers, sum[1]));
      }
      return points;
    });
  }

  /**
   * The CSV export of the range in {@code bucket}s: one row per article per bucket with data,
   * in (bucket, id) order; with {@code day}, a partly covered first or last day counts only its
   * covered hours. Nothing is read until {@link StatsExport#writeTo} is called.
   */
  public StatsExport export(StatsRange range, Bucket bucket) {
    return new StatsExport(repository, range, bucket);
  }
}
