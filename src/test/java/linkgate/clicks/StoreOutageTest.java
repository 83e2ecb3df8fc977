package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import linkgate.testing.StoreProbe;
import linkgate.testing.TestGateway;
import linkgate.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Click writes fail for a while (a table the writer needs is renamed away in the real store, as a
 * broken disk or a revoked grant would), then succeed again: readers of cached articles are
 * redirected throughout, the backlog shows in /readyz and /metrics, and no click is lost.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class StoreOutageTest {
  @Parameter
  TestGateway.StoreKind store;

  private static void sql(TestGateway gw, String statement) {
    StoreProbe.of(gw.config()).execute(statement);
  }

  /** The value of an unlabelled metric in Prometheus text. */
  private static double metric(TestGateway gw, String name) {
    String text = gw.get("/metrics").bodyAsString();
    return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(name + " missing from /metrics:\n" + text));
  }

  private static long readers(TestGateway gw) {
    return StoreProbe.of(gw.config()).number("SELECT COUNT(*) FROM linkgate_readers");
  }

  @Test
  void writesFailThenRecover_noClickLost_backlogVisible() throws Exception {
    try (TestGateway gw = TestGateway.on(store).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      String token = "Bearer " + gw.reader("alice").sign();
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode()); // cached from here on
      Wait.until(() -> StoreProbe.of(gw.config()).storedClicks() == 1, 5000);
      assertEquals(0.0, metric(gw, "linkgate_clicks_buffer_oldest_age_seconds"));

      sql(gw, "ALTER TABLE click_log RENAME TO click_log_away");
      int during = 200;
      for (int i = 0; i < during - 1; i++) {
        assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode());
      }
      assertEquals(302, gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("bob").sign()).statusCode());
      Wait.until(() -> "degraded".equals(gw.get("/readyz").bodyAsJsonObject().getString("status"))
          && gw.get("/readyz").bodyAsJsonObject().getLong("pendingClicks") == during, 5000);
      assertEquals(200, gw.get("/readyz").statusCode()); // the store answers: only writes fail
      assertEquals("failing", gw.get("/readyz").bodyAsJsonObject().getString("clickWrites"));
      // One more failed write, which holds bob's click: his reader number went with its rollback.
      double failures = metric(gw, "linkgate_store_write_failures_total");
      assertTrue(failures > 0);
      Wait.until(() -> metric(gw, "linkgate_store_write_failures_total") > failures, 10_000);
      assertEquals(1, readers(gw), "a new reader is registered in the batch's transaction, not before it");

      gw.clock().advance(Duration.ofSeconds(5)); // the clicks waiting are 5 s old now
      assertEquals(5.0, metric(gw, "linkgate_clicks_buffer_oldest_age_seconds"), 0.001);
      assertEquals((double) during, metric(gw, "linkgate_clicks_buffer_depth"));
      assertEquals(0.0, metric(gw, "linkgate_clicks_dropped_total")); // far from clicks.maxPending
      assertEquals(0.0, metric(gw, "linkgate_blocked_dropped_total"));
      assertEquals(1, StoreProbe.of(gw.config()).storedClicks());

      sql(gw, "ALTER TABLE click_log_away RENAME TO click_log");
      // Back-off doubles from the flush interval; the retry comes within a few seconds.
      Wait.until(() -> StoreProbe.of(gw.config()).storedClicks() == 1 + during, 15_000);
      Wait.until(() -> "ready".equals(gw.get("/readyz").bodyAsJsonObject().getString("status")), 5000);
      assertEquals(0, gw.get("/readyz").bodyAsJsonObject().getLong("pendingClicks"));
      assertEquals(1 + during, StoreProbe.of(gw.config()).number("SELECT SUM(clicks) FROM click_hours_all"));
      assertEquals(2, readers(gw));
      assertEquals(0.0, metric(gw, "linkgate_clicks_buffer_oldest_age_seconds"));
      assertEquals(0.0, metric(gw, "linkgate_clicks_dropped_total"));
    }
  }

  /**
   * A long outage with a small bound: anonymous requests for ids that are no article (which only
   * the write could tell) take at most half of {@code clicks.maxPending}, so readers' clicks keep
   * the other half; whatever does not fit is dropped and counted, and every click is either
   * stored or counted as dropped.
   */
  @Test
  void outagePastMaxPending_blockedOnRandomIdsTakeHalf_clicksKeepRoom_dropsCounted() throws Exception {
    int maxPending = 1000; // the smallest the configuration allows
    try (TestGateway gw = TestGateway.on(store).with("clicks.maxPending", maxPending).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      assertEquals(302, gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("alice").sign()).statusCode());
      Wait.until(() -> StoreProbe.of(gw.config()).storedClicks() == 1, 5000);

      // Both tables: a batch of blocked attempts only would not touch click_log once its ids are
      // found to be no articles.
      sql(gw, "ALTER TABLE click_log RENAME TO click_log_away");
      sql(gw, "ALTER TABLE articles RENAME TO articles_away");
      int randomIds = 1100;
      for (int i = 0; i < randomIds; i++) {
        assertEquals(401, gw.get("/go/no-such-article-" + i).statusCode());
      }
      int clicks = 600;
      for (int i = 0; i < clicks; i++) { // each a new reader: one more entry each
        assertEquals(302, gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("reader-" + i).sign()).statusCode());
      }
      // Every request's event has met the bound: dropped, or taken in (the buffer depth would
      // also count those still waiting in the event loops, before the bound).
      Wait.until(() -> metric(gw, "linkgate_blocked_dropped_total") + metric(gw, "linkgate_clicks_dropped_total")
          + gw.gateway().recorder().taken() >= randomIds + clicks, 5000);
      assertEquals(randomIds - maxPending / 2, metric(gw, "linkgate_blocked_dropped_total"), 0.001);
      long droppedClicks = (long) metric(gw, "linkgate_clicks_dropped_total");
      assertTrue(droppedClicks > 0, "the bound was hit: drops are counted");
      // The blocked attempts took 500 entries, a1 takes one (two while a write of it fails):
      // the rest is readers' clicks.
      assertTrue(clicks - droppedClicks >= maxPending / 2 - 2, "clicks kept: " + (clicks - droppedClicks));

      sql(gw, "ALTER TABLE articles_away RENAME TO articles");
      sql(gw, "ALTER TABLE click_log_away RENAME TO click_log");
      Wait.until(() -> gw.gateway().recorder().pending() == 0 && !gw.gateway().recorder().failing(), 20_000);
      assertEquals(1 + clicks - droppedClicks, StoreProbe.of(gw.config()).storedClicks());
      assertEquals(1 + clicks - droppedClicks, readers(gw)); // one reader per click kept
      assertEquals(0, StoreProbe.of(gw.config()).number("SELECT COALESCE(SUM(blocked), 0) FROM click_hours_all"));
    }
  }

  @Test
  void strictMode_storeFails_postgres503CountsNothing_embeddedKeepsTheJournaledClick() throws Exception {
    try (TestGateway gw = TestGateway.on(store).with("clicks.durability", "strict").start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      String token = "Bearer " + gw.reader("alice").sign();
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode());
      sql(gw, "ALTER TABLE click_log RENAME TO click_log_away");
      var r = gw.get("/go/a1", "Authorization", token);
      if (store == TestGateway.StoreKind.POSTGRES) {
        // PostgreSQL: the commit is the durability; it failed, so 503 and nothing counted.
        assertEquals(503, r.statusCode());
        assertEquals("store_unavailable", r.bodyAsJsonObject().getString("error"));
      } else {
        // Embedded: the click is on disk in the strict journal before the 302; it reaches the
        // store once the store takes writes again.
        assertEquals(302, r.statusCode());
      }
      sql(gw, "ALTER TABLE click_log_away RENAME TO click_log");
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode());
      long expected = store == TestGateway.StoreKind.POSTGRES ? 2 : 3;
      Wait.until(() -> StoreProbe.of(gw.config()).storedClicks() == expected, 15_000);
    }
  }

}
