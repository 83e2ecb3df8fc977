package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import linkgate.testing.EmbeddedPg;
import linkgate.testing.Load;
import linkgate.testing.TestGateway;
import linkgate.testing.Wait;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under load and comes back: buffered mode keeps redirecting cached
 * articles, /readyz says 503 meanwhile, nothing is lost, and linkgate reconnects by itself.
 */
class PostgresOutageTest {
  private static final String RANGE = "from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z";

  @Test
  void postgresStopsAndStarts_underLoad_noClickLostNoRedirectFailed() throws Exception {
    Path dataDir = Path.of("target", "embedded-pg-outage-" + System.nanoTime()).toAbsolutePath();
    EmbeddedPostgres pg = EmbeddedPg.startPrivate(dataDir, 0);
    int port = pg.getPort();
    String uri = EmbeddedPg.newDatabase(pg);
    try (TestGateway gw = TestGateway.with("store.type", "postgres").with("store.postgres.uri", uri).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      String token = "Bearer " + gw.reader("alice").sign();
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode()); // now cached

      long redirected;
      try (Load load = new Load(gw.port(), 8, n -> new String[] {"/go/a1", token})) {
        Thread.sleep(500);
        pg.close(); // PostgreSQL stops
        long down = System.nanoTime();
        Wait.until(() -> gw.get("/readyz").statusCode() == 503, 10_000);
        Thread.sleep(1500); // readers keep clicking while it is down
        long up = System.nanoTime();
        long duringOutage = load.redirectedBefore(up) - load.redirectedBefore(down);
        pg = EmbeddedPg.startPrivate(dataDir, port);
        Wait.until(() -> gw.get("/readyz").statusCode() == 200, 30_000);
        Thread.sleep(300);
        load.stop();
        redirected = load.redirected();
        assertEquals(0, load.failed(), "a redirect of a cached article failed");
        assertTrue(duringOutage > 100, "redirects stopped while PostgreSQL was down: " + duringOutage);
      }
      long expected = redirected + 1;
      long deadline = System.currentTimeMillis() + 30_000;
      long clicks;
      do {
        var r = gw.admin(HttpMethod.GET, "/admin/api/stats/summary?" + RANGE, null);
        clicks = r.statusCode() == 200 ? r.bodyAsJsonObject().getLong("clicks") : -1;
        Thread.sleep(100);
      } while (clicks != expected && System.currentTimeMillis() < deadline);
      assertEquals(expected, clicks);
      assertTrue(redirected > 100, "the load ran: " + redirected);
    } finally {
      pg.close();
    }
  }
}
