package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.time.Instant;
import linkgate.config.LinkgateConfig;
import linkgate.stats.Bucket;
import linkgate.stats.StatsRange;
import linkgate.stats.StatsService;
import linkgate.store.Store;
import linkgate.store.Stores;
import linkgate.testing.StoreProbe;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Merging the click log changes its rows, never the numbers read from it. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class ClickLogMergerTest {
  @Parameter
  TestGateway.StoreKind kind;

  @Test
  void merge_manyFlushesPerHour_oneRowPerHourSameCounts() {
    withStore((vertx, config, store) -> {
      BulkClicks bulk = TestGateway.await(BulkClicks.on(store));
      long hour0 = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();
      for (int flush = 0; flush < 30; flush++) {
        for (int i = 0; i < 20; i++) {
          long at = hour0 + (flush % 3) * 3_600_000L + i;
          bulk.click("a" + (i % 4), "reader-" + ((flush * 7 + i) % 25), at);
        }
        TestGateway.await(bulk.flush());
      }
      StoreProbe probe = StoreProbe.of(config);
      assertEquals(30, probe.number("SELECT COUNT(*) FROM click_log"));
      StatsService stats = new StatsService(store);
      StatsRange range = StatsRange.of(Instant.ofEpochMilli(hour0), Instant.ofEpochMilli(hour0 + 3 * 3_600_000L));
      String before = snapshot(stats, range);

      ClickLogMerger merger = new ClickLogMerger(store);
      int currentHour = (int) (hour0 / 3_600_000L) + 2; // the last hour is "now": 10 rows, left alone
      assertEquals(2, TestGateway.await(merger.mergeSome(currentHour, vertx)));
      assertEquals(2 + 10, probe.number("SELECT COUNT(*) FROM click_log"));
      assertEquals(0, TestGateway.await(merger.mergeSome(currentHour, vertx)));

      String after = snapshot(stats, range);
      assertEquals(before, after);
    });
  }

  @Test
  void merge_currentHour_mergesNewRowsAndLeavesEarlierMerges_thenTheWholeHourOnceOver() {
    withStore((vertx, config, store) -> {
      BulkClicks bulk = TestGateway.await(BulkClicks.on(store));
      long hour0 = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();
      int hr = (int) (hour0 / 3_600_000L);
      StoreProbe probe = StoreProbe.of(config);
      ClickLogMerger merger = new ClickLogMerger(store);
      int rows = ClickLogMerger.CURRENT_HOUR_ROWS;
      flushes(bulk, hour0, 0, rows - 1);
      assertEquals(0, TestGateway.await(merger.mergeSome(hr, vertx)), "too few new rows yet");
      flushes(bulk, hour0, rows - 1, rows);
      assertEquals(1, TestGateway.await(merger.mergeSome(hr, vertx)));
      assertEquals(1, probe.number("SELECT COUNT(*) FROM click_log"));
      long firstMerge = probe.number("SELECT MIN(seq) FROM click_log WHERE merged");

      flushes(bulk, hour0, rows, 2 * rows);
      StatsService stats = new StatsService(store);
      StatsRange range = StatsRange.of(Instant.ofEpochMilli(hour0), Instant.ofEpochMilli(hour0 + 3_600_000L));
      String before = snapshot(stats, range);
      assertEquals(1, TestGateway.await(merger.mergeSome(hr, vertx)));
      assertEquals(2, probe.number("SELECT COUNT(*) FROM click_log WHERE merged"), "the new rows, merged into one");
      assertEquals(1, probe.number("SELECT COUNT(*) FROM click_log WHERE seq = " + firstMerge), "the earlier merge untouched");
      assertEquals(2, probe.number("SELECT COUNT(*) FROM click_log"));
      assertEquals(before, snapshot(stats, range));

      assertEquals(1, TestGateway.await(merger.mergeSome(hr + 1, vertx)), "the hour is over");
      assertEquals(1, probe.number("SELECT COUNT(*) FROM click_log"));
      assertEquals(before, snapshot(stats, range));
    });
  }

  @FunctionalInterface
  private interface StoreTest {
    void run(Vertx vertx, LinkgateConfig config, Store store);
  }

  /** Runs {@code test} on a fresh store of this class's kind, closed afterwards. */
  private void withStore(StoreTest test) {
    Vertx vertx = Vertx.vertx();
    LinkgateConfig config = TestGateway.on(kind).config();
    Store store = TestGateway.await(Stores.open(vertx, config.store()));
    try {
      test.run(vertx, config, store);
    } finally {
      TestGateway.await(store.close());
      TestGateway.await(vertx.close());
    }
  }

  /** What stats say over {@code range}: the summary and article a1's hours, as JSON. */
  private static String snapshot(StatsService stats, StatsRange range) {
    return TestGateway.await(stats.summary(range)).toJson().encode()
        + TestGateway.await(stats.article("a1", range, Bucket.HOUR)).orElseThrow().toJson().encode();
  }

  /** Flushes {@code from} to {@code to} (exclusive), each a few clicks within the hour, readers overlapping. */
  private static void flushes(BulkClicks bulk, long hour, int from, int to) {
    for (int flush = from; flush < to; flush++) {
      for (int i = 0; i < 5; i++) {
        bulk.click("a" + (i % 3), "reader-" + ((flush * 3 + i) % 40), hour + flush * 1000L + i);
      }
      TestGateway.await(bulk.flush());
    }
  }
}
