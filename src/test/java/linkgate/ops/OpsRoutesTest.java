package linkgate.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linkgate.testing.TestGateway;
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
}
