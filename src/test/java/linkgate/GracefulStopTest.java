package linkgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

/**
 * The contract's graceful stop: "SIGTERM stops accepting connections, answers what is in flight".
 * {@link Gateway#stop} is what the SIGTERM handler runs.
 */
class GracefulStopTest {
  private static final String BODY = "{\"url\": \"https://example.org/late\"}";

  /**
   * Two instances share the port; each holds a request in flight (half a body sent). Once the stop
   * has begun, the port refuses connections at once, though both requests are still open, and
   * both are then answered.
   */
  @Test
  void stop_refusesNewConnectionsAtOnce_whileRequestsInFlightOnEveryInstanceAreAnswered() throws Exception {
    try (TestGateway gw = TestGateway.with("http.instances", 2).start()) {
      String admin = gw.admin("ops").sign();
      List<Socket> inFlight = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) { // the port's instances take connections in turn: one each
          inFlight.add(halfSentPut(gw.port(), "late-" + i, admin));
        }
        Thread.sleep(200); // the server has read both requests' headers
        var stopped = gw.stop();
        long deadline = System.nanoTime() + 3_000_000_000L; // well inside the 10 s grace period
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
          refused = refuses(gw.port());
          if (!refused) {
            Thread.sleep(50);
          }
        }
        assertTrue(refused, "the port still accepted connections 3 s into the stop");
        assertTrue(!stopped.isComplete(), "the stop waits for the requests in flight");
        for (Socket s : inFlight) {
          s.getOutputStream().write(BODY.substring(BODY.length() / 2).getBytes(StandardCharsets.UTF_8));
          s.getOutputStream().flush();
          assertTrue(statusLine(s.getInputStream()).startsWith("HTTP/1.1 200"), "a request in flight is answered");
        }
        TestGateway.await(stopped);
      } finally {
        for (Socket s : inFlight) {
          s.close();
        }
      }
    }
  }

  /** A PUT of an article with its headers and the first half of its body sent. */
  private static Socket halfSentPut(int port, String id, String token) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    OutputStream out = s.getOutputStream();
    out.write(("PUT /admin/api/articles/" + id + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, BODY.length() / 2))
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
    return s;
  }

  private static boolean refuses(int port) throws IOException {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != -1 && c != '\n'; ) {
      line.append((char) c);
    }
    return line.toString().trim();
  }
}
