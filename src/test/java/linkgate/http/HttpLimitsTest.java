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
  void idleTimeout_requestsKeepAConnectionOpen_thenItClosesOnceSilent() throws Exception {
    try (TestGateway gw = TestGateway.with("http.idleTimeout", "1s").start();
        Socket socket = new Socket("localhost", gw.port())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      long lastAnswer;
      do { // well past the timeout, never 1 s silent
        socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, RawHttp.read(socket.getInputStream()).status(), "still served on the same connection");
        lastAnswer = System.nanoTime();
        Thread.sleep(300);
      } while (lastAnswer - start < 2_500_000_000L);
      assertEquals(-1, read(socket.getInputStream()), "closed once silent");
      long silent = System.nanoTime() - lastAnswer;
      assertTrue(silent >= 900_000_000L, "not closed before the timeout: " + silent / 1_000_000 + " ms");
      assertTrue(silent < 5_000_000_000L, "closed within about 1.25 timeouts: " + silent / 1_000_000 + " ms");
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

  @Test
  void maxConnections_silentConnections_countedAndRefusedOnAccept() throws Exception {
    int max = 5;
    int extra = 3;
    // The idle timeout is far off: only the cap may close a silent connection within the test.
    try (TestGateway gw = TestGateway.with("http.maxConnections", max).with("http.instances", 2)
        .with("http.idleTimeout", "60s").with("http.managementPort", 0).start()) {
      java.util.List<Socket> sockets = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < max + extra; i++) {
          Socket socket = new Socket("localhost", gw.port()); // sends nothing, ever
          socket.setSoTimeout(50);
          sockets.add(socket);
        }
        Wait.until(() -> closedByServer(sockets) == extra, 5_000);
        assertEquals(max, openGauge(gw), "the gauge counts the silent connections kept");
        Thread.sleep(300);
        assertEquals(extra, closedByServer(sockets), "the connections within the cap stay open");
        String metrics = RawHttp.get(gw.gateway().managementPort(), "/metrics").body();
        assertTrue(metrics.contains("linkgate_connections_refused_total " + extra + ".0"), metrics);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
      Wait.until(() -> openGauge(gw) == 0, 5_000);
    }
  }

  /** How many of {@code sockets} the server has closed (end of stream or reset; nothing is ever sent). */
  private static int closedByServer(java.util.List<Socket> sockets) {
    int closed = 0;
    for (Socket socket : sockets) {
      try {
        if (read(socket.getInputStream()) == -1) {
          closed++;
        }
      } catch (IOException e) {
        closed++;
      }
    }
    return closed;
  }

  /** {@code linkgate_connections_open}, read from the management port (the public one may be full). */
  private static int openGauge(TestGateway gw) {
    String metrics = RawHttp.get(gw.gateway().managementPort(), "/metrics").body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^linkgate_connections_open(?:\\{[^}]*\\})? (\\S+)$")
        .matcher(metrics);
    assertTrue(m.find(), metrics);
    return (int) Double.parseDouble(m.group(1));
  }

  /**
   * Cleartext HTTP/2 is off on both ports: an h2c server has its own header limits (a 12 KB cookie
   * got {@code 431} with no body, 64 KB a reset stream) instead of {@code http.maxHeaderSize}, and
   * nothing in front of linkgate (a TLS-terminating proxy) needs it.
   */
  @Test
  void h2c_priorKnowledgeAndUpgrade_notServedAsHttp2_onEitherPort() throws Exception {
    try (TestGateway gw = TestGateway.with("http.managementPort", 0).start()) {
      int[][] portsAndStatuses = {{gw.port(), 401}, {gw.gateway().managementPort(), 200}};
      for (int[] portAndStatus : portsAndStatuses) {
        int port = portAndStatus[0];
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0}; // an empty SETTINGS frame on stream 0
        byte[] request = java.util.Arrays.copyOf(preface, preface.length + settings.length);
        System.arraycopy(settings, 0, request, preface.length, settings.length);
        byte[] answer = exchangeBytes(port, request);
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        // An HTTP/2 server's first bytes are a SETTINGS frame; an HTTP/1.1 one refuses the request
        // line "PRI * HTTP/2.0" with a text status line (Vert.x: 501, for an unknown version).
        assertTrue(answer.length == 0 || (text.startsWith("HTTP/") && !text.matches("(?s)HTTP/\\S+ 2\\d\\d.*")),
            "port " + port + " answered the HTTP/2 preface with: "
                + java.util.HexFormat.of().formatHex(answer, 0, Math.min(answer.length, 24)));

        // /go/a on the public port (401 without a session), /healthz on the management port
        RawHttp.Response upgrade = RawHttp.get(port, port == gw.port() ? "/go/a" : "/healthz",
            "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA");
        assertEquals(portAndStatus[1], upgrade.status(), "port " + port + ": " + upgrade.body());
        assertEquals(null, upgrade.header("Upgrade"));
      }
    }
  }

  /** Everything the server sends back to {@code request} until it closes or 3 s pass. */
  private static byte[] exchangeBytes(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(3_000);
      socket.getOutputStream().write(request);
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = socket.getInputStream().read(buf)) > 0; ) {
          all.write(buf, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // keep what arrived
      }
      return all.toByteArray();
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
