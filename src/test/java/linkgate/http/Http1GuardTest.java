package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import linkgate.testing.LogCapture;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Vert.x answered on its own before {@link Http1Guard}: an empty 501 for an HTTP version other
 * than 1.0/1.1, and a dropped connection (with a stack trace in the log) for a bad chunk size. Both
 * are now the contract's {@code 400 invalid_request}.
 */
class Http1GuardTest {
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
  void request_unsupportedHttpVersion_is400JsonAndClosed() {
    for (String version : List.of("HTTP/9.9", "HTTP/2.0", "XTTP/1.1", "HTTP/0.9")) {
      for (String path : List.of("/healthz", "/go/a1", "/admin/api/articles")) {
        RawHttp.Response r = RawHttp.send(gw.port(), "GET", path, version, List.of("Host: localhost"));
        r.assertJsonError(400, "invalid_request", version + " " + path);
        assertEquals("close", r.header("Connection"));
      }
    }
  }

  @Test
  void request_laterHttp1MinorVersion_isServedAsHttp11() {
    RawHttp.Response r = RawHttp.send(gw.port(), "GET", "/healthz", "HTTP/1.2", List.of("Host: localhost"));
    assertEquals(200, r.status(), r.body());
  }

  @Test
  void import_badChunkSize_is400JsonWithoutStackTrace() {
    String body = "zz\r\nid,url,title\r\n0\r\n\r\n";
    try (LogCapture log = new LogCapture()) {
      RawHttp.exchange(gw.port(), chunkedImport("X-Api-Key: " + TestGateway.API_KEY + "\r\n", body))
          .assertJsonError(400, "invalid_request", "admin import with a bad chunk size");
      // Anonymous: the guard refuses before the body is read, and that answer is not lost either.
      RawHttp.exchange(gw.port(), chunkedImport("", body))
          .assertJsonError(401, "unauthenticated", "anonymous import with a bad chunk size");
      // A chunk size too large for a number, and garbage after a good first chunk.
      RawHttp.exchange(gw.port(), chunkedImport("X-Api-Key: " + TestGateway.API_KEY + "\r\n",
              "fffffffffffffffffffffff\r\nx\r\n0\r\n\r\n"))
          .assertJsonError(400, "invalid_request", "overflowing chunk size");
      RawHttp.exchange(gw.port(), chunkedImport("X-Api-Key: " + TestGateway.API_KEY + "\r\n",
              "c\r\nid,url,title\r\n-1\r\n\r\n"))
          .assertJsonError(400, "invalid_request", "negative chunk size after a good chunk");
      assertTrue(log.matching("internal error").isEmpty(), log.lines().toString());
      assertTrue(log.matching("NumberFormatException").isEmpty(), log.lines().toString());
    }
    // The server is fine afterwards.
    assertEquals(200, RawHttp.get(gw.port(), "/healthz").status());
  }

  private static String chunkedImport(String extraHeaders, String body) {
    return "POST /admin/api/articles/import HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders
        + "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
  }
}
