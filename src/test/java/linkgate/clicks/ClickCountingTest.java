package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import linkgate.testing.TestGateway;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Admins can trust the numbers: what the stats API says equals what clients saw. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class ClickCountingTest {
  @Parameter
  TestGateway.StoreKind store;

  private static final String RANGE = "from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z";

  private static JsonObject stats(TestGateway gw, String path) {
    var r = gw.admin(HttpMethod.GET, "/admin/api/stats/" + path, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** Polls until the summary shows {@code clicks} clicks and {@code blocked} blocked (flushes are async). */
  private static JsonObject settled(TestGateway gw, long clicks, long blocked) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject s;
    do {
      s = stats(gw, "summary?" + RANGE);
      if (s.getLong("clicks") == clicks && s.getLong("blocked") == blocked && gw.gateway().recorder().pending() == 0) {
        return s;
      }
      Thread.sleep(50);
    } while (System.currentTimeMillis() < deadline);
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"buffered", "strict"})
  void concurrentLoad_statsEqualWhatClientsSaw(String durability) throws Exception {
    try (TestGateway gw = TestGateway.on(store).with("http.instances", 2).with("clicks.durability", durability).start()) {
      List<String> articles = List.of("hot", "b", "c", "d", "e");
      for (String id : articles) {
        gw.putArticle(id, "https://example.org/" + id, "Article " + id);
      }
      int readers = 80;
      String[] tokens = new String[readers];
      for (int i = 0; i < readers; i++) {
        tokens[i] = gw.reader("reader-" + i).sign();
      }
      Map<String, AtomicLong> redirected = new ConcurrentHashMap<>();
      Map<String, Set<String>> subs = new ConcurrentHashMap<>();
      Map<String, AtomicLong> blocked = new ConcurrentHashMap<>();
      articles.forEach(id -> {
        redirected.put(id, new AtomicLong());
        subs.put(id, ConcurrentHashMap.newKeySet());
        blocked.put(id, new AtomicLong());
      });

      Vertx vertx = Vertx.vertx();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(gw.port())
          .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(32));
      Random random = new Random(42);
      int requests = 6000;
      List<Future<?>> all = new ArrayList<>();
      for (int n = 0; n < requests; n++) {
        // One article takes most of the traffic; readers send the session as a Bearer token or
        // as the cookie; some requests are anonymous, some for unknown ids, some anonymous from a
        // preview bot.
        String id = random.nextInt(100) < 70 ? "hot" : articles.get(1 + random.nextInt(4));
        int kind = random.nextInt(100);
        int reader = random.nextInt(readers);
        HttpRequest<Buffer> r;
        if (kind < 40) {
          r = client.get("/go/" + id).putHeader("Authorization", "Bearer " + tokens[reader]);
        } else if (kind < 80) {
          r = client.get("/go/" + id).putHeader("Cookie", "session=" + tokens[reader]);
        } else if (kind < 90) {
          r = client.get("/go/" + id).putHeader("Accept", "text/html");
        } else if (kind < 95) {
          id = "unknown-" + reader;
          r = client.get("/go/" + id);
        } else {
          r = client.get("/go/" + id).putHeader("User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
        }
        String article = id;
        boolean signedIn = kind < 80;
        boolean countsBlocked = kind >= 80 && kind < 90;
        all.add(r.send().onSuccess(res -> {
          if (res.statusCode() == 302 && signedIn) {
            redirected.get(article).incrementAndGet();
            subs.get(article).add("reader-" + reader);
          } else if (countsBlocked && (res.statusCode() == 302 || res.statusCode() == 401)) {
            blocked.get(article).incrementAndGet();
          }
        }));
        if (all.size() % 500 == 0) {
          TestGateway.await(Future.join(all));
        }
      }
      TestGateway.await(Future.join(all));
      client.close();
      TestGateway.await(vertx.close());

      long clicks = redirected.values().stream().mapToLong(AtomicLong::get).sum();
      long blockedTotal = blocked.values().stream().mapToLong(AtomicLong::get).sum();
      Set<String> everyone = new HashSet<>();
      subs.values().forEach(everyone::addAll);

      JsonObject summary = settled(gw, clicks, blockedTotal);
      assertEquals(clicks, summary.getLong("clicks"));
      assertEquals(blockedTotal, summary.getLong("blocked"));
      assertEquals(everyone.size(), summary.getLong("uniqueReaders"));

      JsonArray top = stats(gw, "top?limit=10&" + RANGE).getJsonArray("items");
      assertEquals(articles.size(), top.size());
      List<String> expectedOrder = articles.stream()
          .sorted((x, y) -> redirected.get(y).get() != redirected.get(x).get()
              ? Long.compare(redirected.get(y).get(), redirected.get(x).get()) : x.compareTo(y))
          .toList();
      assertEquals(expectedOrder, top.stream().map(o -> ((JsonObject) o).getString("id")).toList());
      for (Object o : top) {
        JsonObject item = (JsonObject) o;
        String id = item.getString("id");
        assertEquals(redirected.get(id).get(), item.getLong("clicks"), id);
        assertEquals(subs.get(id).size(), item.getLong("uniqueReaders"), id);
        assertEquals(blocked.get(id).get(), item.getLong("blocked"), id);
        assertEquals("Article " + id, item.getString("title"));
      }

      for (String id : articles) {
        JsonObject one = stats(gw, "articles/" + id + "?bucket=hour&" + RANGE);
        assertEquals(redirected.get(id).get(), one.getLong("clicks"));
        assertEquals(subs.get(id).size(), one.getLong("uniqueReaders"));
        long seriesSum = one.getJsonArray("series").stream().mapToLong(p -> ((JsonObject) p).getLong("clicks")).sum();
        assertEquals(one.getLong("clicks"), seriesSum, id);
        assertEquals(24, one.getJsonArray("series").size());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Authorization", "Cookie"})
  void headPrefetchNotFoundAndGone_areNotCounted(String carrier) throws Exception {
    try (TestGateway gw = TestGateway.on(store).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      gw.putArticle("off", "https://example.org/off", "Off");
      gw.admin(HttpMethod.PATCH, "/admin/api/articles/off", new JsonObject().put("enabled", false));
      String signed = gw.reader("alice").sign();
      String token = carrier.equals("Cookie") ? "session=" + signed : "Bearer " + signed;

      assertEquals(302, gw.get("/go/a1", carrier, token).statusCode()); // the one click
      assertEquals(302, TestGateway.send(gw.request(HttpMethod.HEAD, "/go/a1").putHeader(carrier, token)).statusCode());
      assertEquals(302, gw.get("/go/a1", carrier, token, "Sec-Purpose", "prefetch").statusCode());
      assertEquals(302, gw.get("/go/a1", carrier, token, "Sec-Purpose", "prefetch;prerender").statusCode());
      assertEquals(302, gw.get("/go/a1", carrier, token, "Purpose", "prefetch").statusCode());
      assertEquals(404, gw.get("/go/nope", carrier, token).statusCode());
      assertEquals(410, gw.get("/go/off", carrier, token).statusCode());

      assertEquals(401, gw.get("/go/a1").statusCode()); // the one blocked attempt
      assertEquals(401, TestGateway.send(gw.request(HttpMethod.HEAD, "/go/a1")).statusCode());
      assertEquals(401, gw.get("/go/a1", "Purpose", "prefetch").statusCode());
      assertEquals(401, gw.get("/go/nope").statusCode());
      assertEquals(401, gw.get("/go/a1", "User-Agent", "Twitterbot/1.0").statusCode());
      assertEquals(401, gw.get("/go/a1", "User-Agent",
          "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)").statusCode());
      assertEquals(401, gw.get("/go/a1", "User-Agent",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").statusCode());

      JsonObject s = settled(gw, 1, 1);
      assertEquals(1, s.getLong("clicks"));
      assertEquals(1, s.getLong("uniqueReaders"));
      assertEquals(1, s.getLong("blocked"));
    }
  }
}
