package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import linkgate.testing.EmbeddedPg;
import linkgate.testing.StoreProbe;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Several linkgate processes on one PostgreSQL database: one set of numbers. */
class MultiInstanceTest {
  private static final String RANGE = "from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z";

  private static TestGateway.Builder onDatabase(String uri) {
    return TestGateway.with("store.type", "postgres").with("store.postgres.uri", uri);
  }

  @Test
  void concurrentFirstStart_onEmptyDatabase_oneSchemaNoErrors() throws Exception {
    String uri = EmbeddedPg.newDatabase();
    List<Thread> threads = new ArrayList<>();
    List<TestGateway> started = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 3; i++) {
      Thread t = new Thread(() -> {
        try {
          started.add(onDatabase(uri).start());
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    try {
      assertEquals(List.of(), errors);
      assertEquals(3, started.size());
      StoreProbe probe = StoreProbe.of(started.get(0).config());
      assertEquals(1, probe.number("SELECT COUNT(*) FROM linkgate_meta WHERE name = 'schema_version'"));
      assertEquals(Schema.MIGRATIONS.size(), probe.number("SELECT CAST(val AS INT) FROM linkgate_meta WHERE name = 'schema_version'"));
      started.get(0).putArticle("a1", "https://example.org/a1", "A1");
      for (TestGateway gw : started) {
        assertEquals(302, gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("r").sign()).statusCode());
      }
    } finally {
      started.forEach(TestGateway::close);
    }
  }

  @Test
  void twoInstances_countsAddUpExactly_andChangesPropagateWithinOneSecond() throws Exception {
    String uri = EmbeddedPg.newDatabase();
    try (TestGateway one = onDatabase(uri).start(); TestGateway two = onDatabase(uri).clock(one.clock()).start()) {
      one.putArticle("hot", "https://example.org/hot", "Hot");
      one.putArticle("cold", "https://example.org/cold", "Cold");

      Vertx vertx = Vertx.vertx();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false),
          new PoolOptions().setHttp1MaxSize(32));
      AtomicLong redirected = new AtomicLong();
      Set<String> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Future<?>> all = new ArrayList<>();
      for (int n = 0; n < 4000; n++) {
        TestGateway target = n % 2 == 0 ? one : two;
        String reader = "reader-" + (n % 37);
        String id = n % 5 == 0 ? "cold" : "hot";
        all.add(client.get(target.port(), "localhost", "/go/" + id)
            .putHeader("Authorization", "Bearer " + target.reader(reader).sign()).send()
            .onSuccess(r -> {
              if (r.statusCode() == 302) {
                redirected.incrementAndGet();
                readers.add(reader);
              }
            }));
        if (all.size() % 400 == 0) {
          TestGateway.await(Future.join(all));
        }
      }
      TestGateway.await(Future.join(all));
      client.close();
      TestGateway.await(vertx.close());
      assertEquals(4000, redirected.get());

      long deadline = System.currentTimeMillis() + 10_000;
      JsonObject summary;
      do {
        summary = one.admin(HttpMethod.GET, "/admin/api/stats/summary?" + RANGE, null).bodyAsJsonObject();
      } while (summary.getLong("clicks") < 4000 && System.currentTimeMillis() < deadline);
      assertEquals(4000, summary.getLong("clicks"));
      assertEquals(readers.size(), summary.getLong("uniqueReaders"));
      assertEquals(summary, two.admin(HttpMethod.GET, "/admin/api/stats/summary?" + RANGE, null).bodyAsJsonObject());

      // An article disabled through one instance answers 410 on the other within a second.
      String token = "Bearer " + two.reader("r").sign();
      assertEquals(302, two.get("/go/hot", "Authorization", token).statusCode()); // cached on two
      one.admin(HttpMethod.PATCH, "/admin/api/articles/hot", new JsonObject().put("enabled", false));
      long changed = System.nanoTime();
      while (two.get("/go/hot", "Authorization", token).statusCode() != 410) {
        assertTrue(System.nanoTime() - changed < 1_000_000_000L, "not propagated within 1 s");
        Thread.sleep(10);
      }
    }
  }

}
