package linkgate.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import linkgate.clicks.ClickRecorder;
import linkgate.http.Json;
import linkgate.http.Routes;
import linkgate.store.Store;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}. */
public final class OpsRoutes implements Routes {
  private final Store store;
  private final ClickRecorder clicks;
  private final PrometheusMeterRegistry registry;

  public OpsRoutes(Store store, ClickRecorder clicks, PrometheusMeterRegistry registry) {
    this.store = store;
    this.clicks = clicks;
    this.registry = registry;
  }

  @Override
  public void mount(Router router) {
    router.get("/healthz").handler(ctx -> Json.send(ctx.response(), 200, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }

  /** 200 when the store answers and click writes succeed; 503 otherwise, with the details. */
  private void ready(RoutingContext ctx) {
    store.ping().onComplete(ping -> {
      boolean storeUp = ping.succeeded();
      boolean writing = !clicks.failing();
      JsonObject body = new JsonObject()
          .put("status", storeUp && writing ? "ready" : "unavailable")
          .put("store", storeUp ? "up" : "down")
          .put("clickWrites", writing ? "ok" : "failing")
          .put("pendingClicks", clicks.pending())
          .put("oldestPendingSeconds", clicks.oldestPendingAgeMillis() / 1000.0);
      Json.send(ctx.response(), storeUp && writing ? 200 : 503, body);
    });
  }
}
