package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AllowedMethods}: every 405 names the methods of its path in {@code Allow} (RFC 9110
 * §15.5.6), and HEAD answers wherever GET does, with the same status and headers and no body.
 */
class AllowedMethodsTest {
  private static final String KEY = "X-Api-Key: " + TestGateway.API_KEY;
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    gw.putArticle("a1", "https://example.org/a1", "A1");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static RawHttp.Response send(String method, String path) {
    return RawHttp.send(gw.port(), method, path, "HTTP/1.1", List.of("Host: localhost", KEY, "Content-Length: 0"));
  }

  @Test
  void wrongMethod_is405WithAllow() {
    Map<String, String> cases = Map.of(
        "POST /admin/api/articles/x1", "GET, HEAD, PUT, PATCH, DELETE",
        "DELETE /admin/api/articles", "GET, HEAD",
        "OPTIONS /admin/api/articles/import", "POST",
        "PUT /healthz", "GET, HEAD",
        "DELETE /metrics", "GET, HEAD",
        "POST /readyz", "GET, HEAD",
        "OPTIONS /admin/api/stats/summary", "GET, HEAD",
        "POST /go/a1", "GET, HEAD",
        "BREW /go/a1", "GET, HEAD");
    for (var c : cases.entrySet()) {
      String[] request = c.getKey().split(" ");
      RawHttp.Response r = send(request[0], request[1]);
      r.assertJsonError(405, "method_not_allowed", c.getKey());
      assertEquals(c.getValue(), r.header("Allow"), c.getKey());
    }
  }

  @Test
  void head_answersLikeGetWithoutBody() {
    for (String path : List.of("/healthz", "/readyz", "/metrics", "/admin/api/articles", "/admin/api/articles/a1",
        "/admin/api/articles/nope", "/admin/api/stats/summary", "/admin/api/stats/top", "/admin/api/stats/series",
        "/admin/api/stats/articles/a1", "/admin/api/stats/export.csv")) {
      RawHttp.Response get = send("GET", path);
      RawHttp.Response head = send("HEAD", path);
      assertEquals(get.status(), head.status(), path);
      assertEquals(headers(get), headers(head), path);
      assertEquals("", head.body(), path);
    }
  }

  /** Headers without those that differ between a GET and a HEAD of the same resource. */
  private static Map<String, String> headers(RawHttp.Response r) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Set<String> skip = Set.of("content-length", "transfer-encoding", "date");
    for (String[] h : r.headers()) {
      if (!skip.contains(h[0].toLowerCase(java.util.Locale.ROOT))) {
        out.put(h[0], h[1]);
      }
    }
    return out;
  }
}
