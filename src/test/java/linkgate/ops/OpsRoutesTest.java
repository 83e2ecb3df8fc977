package linkgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** /healthz, /readyz and /metrics, on each store. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class OpsRoutesTest {
  @Parameter
  TestGateway.StoreKind store;

  @Test
  void health_ready_metrics_onTheMainPort() {
    try (TestGateway gw = TestGateway.on(store).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("r").sign());
      gw.get("/go/a1", "Authorization", "Bearer not.a.token");
      assertEquals(200, gw.get("/healthz").statusCode());
      var ready = gw.get("/readyz");
      assertEquals(200, ready.statusCode());
      assertEquals("up", ready.bodyAsJsonObject().getString("store"));
      String metrics = gw.get("/metrics").bodyAsString();
      assertTrue(metrics.contains("linkgate_redirects_total{outcome=\"redirect\"} 1.0"), metrics);
      assertTrue(metrics.contains("linkgate_redirects_total{outcome=\"unauthenticated\"} 1.0"), metrics);
      assertTrue(metrics.contains("linkgate_token_rejections_total{reason=\"malformed\"} 1.0"), metrics);
      assertTrue(metrics.contains("linkgate_clicks_buffer_depth"), metrics);
      assertTrue(metrics.contains("linkgate_store_flush_seconds"), metrics);
    }
  }

  @Test
  void bufferDepth_countsClicksTheEventLoopsHoldBeforeTheFirstFlush() {
    try (TestGateway gw = TestGateway.on(store).with("clicks.flushInterval", "10m").start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      String bearer = "Bearer " + gw.reader("r").sign();
      for (int i = 0; i < 3; i++) {
        assertEquals(302, gw.get("/go/a1", "Authorization", bearer).statusCode());
      }
      assertEquals(401, gw.get("/go/a1").statusCode()); // a blocked attempt waits too
      gw.clock().advance(java.time.Duration.ofSeconds(5));
      var ready = gw.get("/readyz").bodyAsJsonObject();
      assertEquals(4, ready.getLong("pendingClicks"), ready.toString());
      assertEquals(5.0, ready.getDouble("oldestPendingSeconds"), 0.5, ready.toString());
      String metrics = gw.get("/metrics").bodyAsString();
      assertTrue(metrics.contains("linkgate_clicks_buffer_depth 4.0"), metrics);
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("linkgate_clicks_buffer_oldest_age_seconds 5.")), metrics);
    }
  }

  @Test
  void managementPort_movesOpsRoutesOffThePublicPort() {
    try (TestGateway gw = TestGateway.on(store).with("http.managementPort", 0).start()) {
      Integer management = gw.gateway().managementPort();
      assertNotNull(management);
      assertEquals(404, gw.get("/metrics").statusCode());
      assertEquals(404, gw.get("/readyz").statusCode());
      var r = TestGateway.send(gw.client().get(management, "localhost", "/metrics"));
      assertEquals(200, r.statusCode());
      assertEquals(200, TestGateway.send(gw.client().get(management, "localhost", "/healthz")).statusCode());
    }
  }

  @Test
  void managementHost_managementPortListensThereOnly_publicPortOnHttpHost() throws IOException {
    // Two addresses of one machine: on Linux the whole of 127.0.0.0/8 is the loopback interface.
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      assertTrue(probe.isBound());
    } catch (IOException e) {
      Assumptions.abort("127.0.0.2 cannot be bound here: " + e);
    }
    try (TestGateway gw = TestGateway.with("http.host", "127.0.0.1").with("http.managementHost", "127.0.0.2")
        .with("http.managementPort", 0).start()) {
      int management = gw.gateway().managementPort();
      assertEquals(200, status("127.0.0.2", management, "/healthz"));
      assertEquals(REFUSED, status("127.0.0.1", management, "/healthz"), "not on http.host");
      assertEquals(401, status("127.0.0.1", gw.port(), "/go/a"));
      assertEquals(REFUSED, status("127.0.0.2", gw.port(), "/go/a"), "the public port stays on http.host");
    }
  }

  private static final int REFUSED = -2;

  /** The status of {@code GET path} at {@code host:port}, or {@link #REFUSED} when nothing listens there. */
  private static int status(String host, int port, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return RawHttp.read(socket.getInputStream()).status();
    } catch (ConnectException refused) {
      return REFUSED;
    }
  }
}
