package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.time.Instant;
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
    Vertx vertx = Vertx.vertx();
    var config = TestGateway.on(kind).config();
    Store store = TestGateway.await(Stores.open(vertx, config.store()));
    try {
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
      String before = TestGateway.await(stats.summary(range)).toJson().encode()
          + TestGateway.await(stats.article("a1", range, Bucket.HOUR)).orElseThrow().toJson().encode();

      ClickLogMerger merger = new ClickLogMerger(store);
      int currentHour = (int) (hour0 / 3_600_000L) + 2; // the last hour is "now": 10 rows, left alone
      assertEquals(2, TestGateway.await(merger.mergeSome(currentHour, vertx)));
      assertEquals(2 + 10, probe.number("SELECT COUNT(*) FROM click_log"));
      assertEquals(0, TestGateway.await(merger.mergeSome(currentHour, vertx)));

      String after = TestGateway.await(stats.summary(range)).toJson().encode()
          + TestGateway.await(stats.article("a1", range, Bucket.HOUR)).orElseThrow().toJson().encode();
      assertEquals(before, after);
    } finally {
      TestGateway.await(store.close());
      TestGateway.await(vertx.close());
    }
  }
}
