package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void writesFailThenRecover_noClickLost_backlogVisible() throws Exception {
    try (TestGateway gw = TestGateway.on(store).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      String token = "Bearer " + gw.reader("alice").sign();
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode()); // cached from here on
      Wait.until(() -> StoreProbe.of(gw.config()).storedClicks() == 1, 5000);

      sql(gw, "ALTER TABLE click_log RENAME TO click_log_away");
      int during = 200;
      for (int i = 0; i < during; i++) {
        assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode());
      }
      Wait.until(() -> "degraded".equals(gw.get("/readyz").bodyAsJsonObject().getString("status"))
          && gw.get("/readyz").bodyAsJsonObject().getLong("pendingClicks") == during, 5000);
      assertEquals(200, gw.get("/readyz").statusCode()); // the store answers: only writes fail
      assertEquals("failing", gw.get("/readyz").bodyAsJsonObject().getString("clickWrites"));
      String metrics = gw.get("/metrics").bodyAsString();
      assertTrue(metrics.contains("linkgate_clicks_buffer_depth " + during + ".0"), metrics);
      assertTrue(!metrics.contains("linkgate_store_write_failures_total 0.0"), metrics);
      assertEquals(1, StoreProbe.of(gw.config()).storedClicks());

      sql(gw, "ALTER TABLE click_log_away RENAME TO click_log");
      // Back-off doubles from the flush interval; the retry comes within a few seconds.
      Wait.until(() -> StoreProbe.of(gw.config()).storedClicks() == 1 + during, 15_000);
      Wait.until(() -> "ready".equals(gw.get("/readyz").bodyAsJsonObject().getString("status")), 5000);
      assertEquals(0, gw.get("/readyz").bodyAsJsonObject().getLong("pendingClicks"));
      assertEquals(1 + during, StoreProbe.of(gw.config()).number("SELECT SUM(clicks) FROM click_hours_all"));
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
