package linkgate.stats;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import linkgate.articles.ArticleChange;
import linkgate.articles.ArticleRepository;
import linkgate.clicks.BulkClicks;
import linkgate.config.LinkgateConfig;
import linkgate.store.Store;
import linkgate.store.Stores;
import linkgate.testing.TestGateway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Stats queries over an embedded store holding 10 million clicks (plus 1 million blocked
 * attempts): 30 days, 10,000 articles and 200,000 readers, both Zipf-distributed, written through
 * the real click write path one hour per batch. The store is built once under
 * target/bench-data/stats-10m (several minutes) and reused by later runs.
 * Run with bench/jmh.sh StatsBench, or bench/jmh.sh 'StatsBench.totals' for the totals alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StatsBench {
  static final int CLICKS = 10_000_000;
  static final int ARTICLES = 10_000;
  static final int READERS = 200_000;
  static final int HOURS = 30 * 24;
  static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  static final Path DIR = Path.of("target", "bench-data", "stats-10m").toAbsolutePath();

  private Vertx vertx;
  private Store store;
  private StatsService stats;
  private StatsRepository repository;
  private int shift;

  @Setup
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    boolean fresh = !Files.exists(DIR.resolve("complete"));
    if (fresh) {
      Files.createDirectories(DIR);
      Files.deleteIfExists(DIR.resolve("linkgate.mv.db"));
    }
    store = TestGateway.await(Stores.open(vertx,
        new LinkgateConfig.Store(LinkgateConfig.StoreType.EMBEDDED, DIR.resolve("linkgate"), null)));
    if (fresh) {
      populate();
      Files.writeString(DIR.resolve("complete"), "10M clicks\n");
    }
    stats = new StatsService(store);
    repository = new StatsRepository(store);
  }

  /**
   * A range ending {@code hoursBeforeEnd} (plus a shift that changes at every call) before the
   * data's end. The shift matters: H2 hands back the previous result of a prepared query whose
   * parameters and tables did not change, and a benchmark must not measure that.
   */
  private StatsRange range(long lengthHours, long hoursBeforeEnd) {
    shift = (shift + 1) % 48;
    java.time.Instant to = END.minusSeconds((hoursBeforeEnd + shift) * 3600);
    return StatsRange.of(to.minusSeconds(lengthHours * 3600), to);
  }

  private void populate() {
    ArticleRepository articles = new ArticleRepository(store);
    List<ArticleChange> changes = new ArrayList<>();
    for (int i = 0; i < ARTICLES; i++) {
      changes.add(new ArticleChange("article-" + i, "https://example.org/a/" + i, "Article " + i, true, true));
    }
    TestGateway.await(articles.saveAll(changes, END.toEpochMilli()));
    BulkClicks bulk = TestGateway.await(BulkClicks.on(store));
    Zipf articleRank = new Zipf(ARTICLES, 1.0);
    Zipf readerRank = new Zipf(READERS, 0.8);
    SplittableRandom random = new SplittableRandom(7);
    long start = END.toEpochMilli() - HOURS * 3_600_000L;
    int perHour = CLICKS / HOURS;
    long began = System.nanoTime();
    for (int h = 0; h < HOURS; h++) {
      long hourStart = start + h * 3_600_000L;
      for (int i = 0; i < perHour; i++) {
        long at = hourStart + random.nextLong(3_600_000L);
        bulk.click("article-" + articleRank.next(random), "reader-" + readerRank.next(random), at);
        if (i % 10 == 0) {
          bulk.blocked("article-" + articleRank.next(random), at);
        }
      }
      TestGateway.await(bulk.flush());
      if (h % 24 == 23) {
        System.out.printf("stats bench data: day %d of 30 written, %.0f s%n", (h + 1) / 24,
            (System.nanoTime() - began) / 1e9);
      }
    }
  }

  @TearDown
  public void tearDown() {
    TestGateway.await(store.close());
    TestGateway.await(vertx.close());
  }

  @Benchmark
  public Object summary30d() {
    return TestGateway.await(stats.summary(range(30 * 24 - 48, 0)));
  }

  @Benchmark
  public Object summary7d() {
    return TestGateway.await(stats.summary(range(7 * 24, 0)));
  }

  @Benchmark
  public Object summary24h() {
    return TestGateway.await(stats.summary(range(24, 0)));
  }

  @Benchmark
  public Object summary30dMidDay() {
    return TestGateway.await(stats.summary(StatsRange.of(END.minusSeconds((28L * 24 + 5 + shift++ % 24) * 3600), END.minusSeconds(7 * 3600))));
  }

  /** The summary's clicks and blocked attempts alone: a sum over the hourly totals, no unique readers. */
  @Benchmark
  public Object totals30d() {
    return TestGateway.await(repository.totalCounts(range(30 * 24 - 48, 0)));
  }

  @Benchmark
  public Object totals24h() {
    return TestGateway.await(repository.totalCounts(range(24, 0)));
  }

  @Benchmark
  public Object top30d() {
    return TestGateway.await(stats.top(range(30 * 24 - 48, 0), 10));
  }

  @Benchmark
  public Object top24h() {
    return TestGateway.await(stats.top(range(24, 0), 10));
  }

  @Benchmark
  public Object seriesTopArticle30dDaily() {
    return TestGateway.await(stats.article("article-0", range(30 * 24 - 48, 0), Bucket.DAY));
  }

  @Benchmark
  public Object seriesTopArticle24hHourly() {
    return TestGateway.await(stats.article("article-0", range(24, 0), Bucket.HOUR));
  }

  /** Ranks 0..n-1 with P(k) proportional to 1/(k+1)^s, by inverse CDF on a precomputed table. */
  static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double s) {
      cdf = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += 1 / Math.pow(k + 1, s);
        cdf[k] = sum;
      }
      for (int k = 0; k < n; k++) {
        cdf[k] /= sum;
      }
    }

    int next(SplittableRandom random) {
      int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
      return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
    }
  }
}
