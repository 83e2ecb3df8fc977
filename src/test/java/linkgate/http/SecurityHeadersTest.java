package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * Every answer of /go/ and /admin (success or error) says {@code Cache-Control: no-store}, every
 * JSON answer {@code X-Content-Type-Options: nosniff}, and every HTML answer carries the security
 * headers: a CSP that allows nothing, nosniff, no framing, no referrer.
 */
class SecurityHeadersTest {

  @Test
  void everyGoAndAdminAnswer_noStore_andHtmlIsLockedDown() {
    try (TestGateway gw = TestGateway.with("limits.perReader", Map.of("rate", "1/h", "burst", 1))
        .with("http.maxBodySize", 2048).start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      gw.putArticle("off", "https://example.org/off", "Off");
      gw.admin(HttpMethod.PATCH, "/admin/api/articles/off", new JsonObject().put("enabled", false));
      AtomicInteger subs = new AtomicInteger();
      Function<TestGateway, String> fresh = g -> "Bearer " + g.reader("reader-" + subs.incrementAndGet()).sign();
      String limited = "Bearer " + gw.reader("limited").sign();
      String html = "text/html";
      List<Function<TestGateway, HttpResponse<Buffer>>> requests = new ArrayList<>();
      for (String accept : new String[] {html, "application/json"}) {
        requests.add(g -> g.get("/go/a", "Accept", accept, "Authorization", fresh.apply(g)));
        requests.add(g -> g.get("/go/nope", "Accept", accept, "Authorization", fresh.apply(g)));
        requests.add(g -> g.get("/go/off", "Accept", accept, "Authorization", fresh.apply(g)));
        requests.add(g -> g.get("/go/-bad", "Accept", accept, "Authorization", fresh.apply(g)));
        requests.add(g -> g.get("/go/a", "Accept", accept));
        requests.add(g -> g.get("/go/a", "Accept", accept, "Authorization", fresh.apply(g) + "x"));
        requests.add(g -> g.get("/go/a", "Accept", accept, "Authorization", limited));
        requests.add(g -> g.get("/go/a", "Accept", accept, "Authorization", limited)); // 429
        requests.add(g -> TestGateway.send(g.request(HttpMethod.POST, "/go/a").putHeader("Accept", accept)));
        requests.add(g -> TestGateway.send(g.request(HttpMethod.HEAD, "/go/a").putHeader("Accept", accept)));
        requests.add(g -> g.get("/go/a", "Accept", accept, "Cookie", "session=" + "x".repeat(40_000)));
      }
      requests.add(g -> g.admin(HttpMethod.GET, "/admin/api/articles/a", null));
      requests.add(g -> g.admin(HttpMethod.GET, "/admin/api/articles/nope", null));
      requests.add(g -> g.admin(HttpMethod.GET, "/admin/api/articles?limit=0", null));
      requests.add(g -> g.admin(HttpMethod.PUT, "/admin/api/articles/b", new JsonObject().put("url", "ftp://x")));
      requests.add(g -> g.admin(HttpMethod.PUT, "/admin/api/articles/b", new JsonObject().put("url", "https://e.org/")));
      requests.add(g -> g.admin(HttpMethod.DELETE, "/admin/api/articles/b", null));
      requests.add(g -> g.admin(HttpMethod.GET, "/admin/api/stats/summary", null));
      requests.add(g -> g.admin(HttpMethod.GET, "/admin/api/stats/export.csv", null));
      requests.add(g -> g.get("/admin/api/articles", "Accept", html));
      requests.add(g -> g.get("/admin/api/articles", "Accept", html, "Authorization", fresh.apply(g)));
      requests.add(g -> send(g.request(HttpMethod.PUT, "/admin/api/articles/b").putHeader("X-Api-Key", TestGateway.API_KEY)
          .putHeader("Content-Type", "application/json"), "{not json"));
      requests.add(g -> send(g.request(HttpMethod.PUT, "/admin/api/articles/b").putHeader("X-Api-Key", TestGateway.API_KEY)
          .putHeader("Content-Type", "text/plain"), "x"));
      requests.add(g -> send(g.request(HttpMethod.PUT, "/admin/api/articles/b").putHeader("X-Api-Key", TestGateway.API_KEY)
          .putHeader("Content-Type", "application/json"), "{\"url\":\"" + "x".repeat(4096) + "\"}"));
      requests.add(g -> g.get("/admin/api/articles", "X-Api-Key", TestGateway.API_KEY, "Cookie", "x=" + "y".repeat(40_000)));

      Set<Integer> statuses = new HashSet<>();
      Set<Integer> jsonAnswers = new HashSet<>();
      for (var request : requests) {
        HttpResponse<Buffer> r = request.apply(gw);
        statuses.add(r.statusCode());
        String what = r.statusCode() + " " + r.headers();
        assertEquals("no-store", r.getHeader("Cache-Control"), what);
        String type = r.getHeader("Content-Type");
        if (type != null && type.startsWith("application/json")) {
          assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), what);
          jsonAnswers.add(r.statusCode());
        }
        if (type != null && type.startsWith("text/html")) {
          assertEquals(HtmlPage.CSP, r.getHeader("Content-Security-Policy"), what);
          assertTrue(HtmlPage.CSP.contains("frame-ancestors 'none'"));
          assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), what);
          assertEquals("DENY", r.getHeader("X-Frame-Options"), what);
          assertEquals("no-referrer", r.getHeader("Referrer-Policy"), what);
        }
      }
      assertTrue(statuses.containsAll(Set.of(200, 204, 302, 400, 401, 403, 404, 405, 410, 413, 415, 429, 431)), statuses.toString());
      // JSON answers, success and error alike, carry nosniff.
      assertTrue(jsonAnswers.containsAll(Set.of(200, 400, 401, 403, 404, 405, 410, 413, 415, 429, 431)), jsonAnswers.toString());
    }
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) {
    return TestGateway.send(request, Buffer.buffer(body));
  }
}
