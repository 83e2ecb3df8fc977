package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import linkgate.testing.LogCapture;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A query string that is not valid percent-encoding is {@code 400 invalid_request} on every admin
 * route family (it was a 500 where a handler read a parameter: Netty's decoder throws).
 */
class ParamsTest {
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

  @Test
  void query_malformedPercentEscape_is400OnEveryRoute() {
    List<String> targets = List.of(
        "/admin/api/articles?after=%zz", "/admin/api/articles?limit=%zz", "/admin/api/articles?%zz",
        "/admin/api/articles?after=a1&x=%", "/admin/api/articles/a1?%zz",
        "/admin/api/stats/summary?from=%ZZ", "/admin/api/stats/summary?to=2026-11-24T10:00:00Z&%e9%",
        "/admin/api/stats/top?limit=%zz", "/admin/api/stats/series?bucket=%zz",
        "/admin/api/stats/articles/a1?from=%zz", "/admin/api/stats/export.csv?from=%zz");
    try (LogCapture log = new LogCapture()) {
      for (String target : targets) {
        RawHttp.get(gw.port(), target, "X-Api-Key: " + TestGateway.API_KEY)
            .assertJsonError(400, "invalid_request", target);
      }
      assertTrue(log.matching("internal error").isEmpty(), log.lines().toString());
    }
  }

  @Test
  void query_wellFormedEscapes_stillWork() {
    RawHttp.Response r = RawHttp.get(gw.port(), "/admin/api/stats/summary?from=2026-11-24T09%3A00%3A00Z",
        "X-Api-Key: " + TestGateway.API_KEY);
    assertTrue(r.status() == 200, r.status() + " " + r.body());
  }
}
