package linkgate.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;
import linkgate.auth.KeyStatus;
import linkgate.clicks.ClickRecorder;
import linkgate.http.Json;
import linkgate.http.Routes;
import linkgate.store.Store;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}. */
public final class OpsRoutes implements Routes {
  private final Store store;
  private final ClickRecorder clicks;
  private final PrometheusMeterRegistry registry;
  private final Supplier<KeyStatus> keys;

  /** {@code keys} tells whether the session keys are current (a JWKS gone stale is not). */
  public OpsRoutes(Store store, ClickRecorder clicks, PrometheusMeterRegistry registry, Supplier<KeyStatus> keys) {
    this.store = store;
    this.clicks = clicks;
    this.registry = registry;
    this.keys = keys;
  }

  @Override
  public void mount(Router router) {
    router.get("/healthz").handler(ctx -> Json.send(ctx.response(), 200, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }

  /**
   * 200 when the store answers, click writes succeed and the session keys are current; 503
   * otherwise, with the details ({@code keys} is ok, stale, expired or missing; {@code keysReason}
   * says why when it is not ok).
   */
  private void ready(RoutingContext ctx) {
    store.ping().onComplete(ping -> {
      boolean storeUp = ping.succeeded();
      boolean writing = !clicks.failing();
      KeyStatus keyStatus = keys.get();
      // The status code is the contract's: 200 when the store is reachable, else 503. Failing
      // click writes and stale or missing keys are reported in the body ("degraded"), for
      // monitoring to alert on, without taking the instance out of a load balancer's rotation.
      boolean healthy = storeUp && writing && keyStatus.ready();
      JsonObject body = new JsonObject()
          .put("status", healthy ? "ready" : storeUp ? "degraded" : "unavailable")
          .put("store", storeUp ? "up" : "down")
          .put("clickWrites", writing ? "ok" : "failing")
          .put("pendingClicks", clicks.pending())
          .put("oldestPendingSeconds", clicks.oldestPendingAgeMillis() / 1000.0)
          .put("keys", keyStatus.state());
      if (keyStatus.reason() != null) {
        body.put("keysReason", keyStatus.reason());
      }
      Json.send(ctx.response(), storeUp ? 200 : 503, body);
    });
  }
}
