package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import linkgate.testing.Wait;
import org.junit.jupiter.api.Test;

/**
 * Size, time and connection limits of the HTTP server: oversized headers and bodies get their
 * 4xx (never a 5xx), a request still unanswered after {@code http.requestTimeout} gets 503, idle
 * connections are closed, and connections beyond {@code http.maxConnections} are closed at once.
 */
class HttpLimitsTest {
  private static final int MIB = 1024 * 1024;

  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getString("error"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
  }

  @Test
  void oversizedHeaders_answer431_onEveryRoute() {
    try (TestGateway gw = TestGateway.start()) {
      String big = "a".repeat(64 * 1024);
      assertError(gw.get("/go/a", "Cookie", "session=" + big), 431, "headers_too_large");
      assertError(gw.get("/go/a", "Authorization", "Bearer " + big), 431, "headers_too_large");
      assertError(gw.get("/admin/api/articles", "X-Api-Key", big), 431, "headers_too_large");
      assertError(gw.get("/healthz", "X-Filler", big), 431, "headers_too_large");
      // many small headers add up the same way
      String[] many = new String[2 * 2000];
      for (int i = 0; i < 2000; i++) {
        many[2 * i] = "X-H" + i;
        many[2 * i + 1] = "0123456789";
      }
      assertError(gw.get("/go/a", many), 431, "headers_too_large");
    }
  }

  @Test
  void maxHeaderSize_isTheConfiguredBound() {
    try (TestGateway gw = TestGateway.with("http.maxHeaderSize", 4096).start()) {
      assertEquals(401, gw.get("/go/a", "X-Filler", "b".repeat(3000)).statusCode());
      assertError(gw.get("/go/a", "X-Filler", "b".repeat(5000)), 431, "headers_too_large");
    }
  }

  @Test
  void oversizedBody_answers413_andNever5xx() {
    try (TestGateway gw = TestGateway.with("http.maxBodySize", MIB).start()) {
      Buffer twoMib = Buffer.buffer(new byte[2 * MIB]);
      String json = "{\"url\":\"https://example.org/" + "x".repeat(2 * MIB) + "\"}";
      assertError(TestGateway.send(gw.request(HttpMethod.PUT, "/admin/api/articles/a")
          .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "application/json"),
          Buffer.buffer(json)), 413, "payload_too_large");
      assertError(TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import")
          .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "text/csv"), twoMib),
          413, "payload_too_large");
      // chunked, so no Content-Length warns the server in advance
      assertError(TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import")
          .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "text/csv")
          .putHeader("Transfer-Encoding", "chunked"), twoMib), 413, "payload_too_large");
      // anonymous uploads are refused before the body is read
      assertError(TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import")
          .putHeader("Content-Type", "text/csv"), twoMib), 401, "unauthenticated");
      // a body on /go/ is never read
      HttpResponse<Buffer> go = TestGateway.send(gw.request(HttpMethod.GET, "/go/a"), twoMib);
      assertTrue(go.statusCode() < 500, String.valueOf(go.statusCode()));
      // and the server still serves
      assertEquals(200, gw.get("/healthz").statusCode());
    }
  }

  @Test
  void requestTimeout_slowRequest_answers503() throws Exception {
    try (TestGateway gw = TestGateway.with("http.requestTimeout", "300ms").start()) {
      try (Socket socket = new Socket("localhost", gw.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        // the body never completes: the handling cannot finish
        out.write(("PUT /admin/api/articles/slow HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + TestGateway.API_KEY
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"url\":").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawHttp.Response r = RawHttp.read(socket.getInputStream());
        assertEquals(503, r.status(), r.body());
        assertTrue(r.body().contains("\"error\":\"timeout\""), r.body());
        assertEquals("no-store", r.header("Cache-Control"));
      }
      // a quick request is untouched, and the article was not written
      assertEquals(404, gw.admin(HttpMethod.GET, "/admin/api/articles/slow", null).statusCode());
    }
  }

  @Test
  void idleTimeout_closesASilentConnection() throws Exception {
    try (TestGateway gw = TestGateway.with("http.idleTimeout", "1s").start();
        Socket socket = new Socket("localhost", gw.port())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertEquals(-1, read(socket.getInputStream()), "closed without an answer");
      assertTrue(System.nanoTime() - start < 9_000_000_000L);
    }
  }

  @Test
  void maxConnections_extraConnectionIsClosedAtOnce_andFreedSlotsServeAgain() throws Exception {
    try (TestGateway gw = TestGateway.with("http.maxConnections", 2).with("http.instances", 2).start()) {
      Socket first = keepAlive(gw.port());
      Socket second = keepAlive(gw.port());
      try (Socket third = new Socket("localhost", gw.port())) {
        third.setSoTimeout(5_000);
        third.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-1, RawHttp.read(third.getInputStream()).status(), "the third connection gets no answer");
      } catch (IOException reset) {
        // a reset is a refusal too
      }
      first.close();
      second.close();
      Wait.until(() -> RawHttp.get(gw.port(), "/healthz").status() == 200, 5_000);
      for (int i = 0; i < 5; i++) {
        assertEquals(200, RawHttp.get(gw.port(), "/healthz").status(), "closed connections free their slots");
      }
      String metrics = gw.get("/metrics").bodyAsString();
      assertTrue(metrics.contains("linkgate_connections_refused_total"), metrics);
    }
  }

  /** A connection that has been served once and stays open. */
  private static Socket keepAlive(int port) throws IOException {
    Socket socket = new Socket("localhost", port);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    int n = in.read(buf);
    assertTrue(n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
    return socket;
  }

  private static int read(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      return -2;
    } catch (IOException reset) {
      return -1;
    }
  }
}
