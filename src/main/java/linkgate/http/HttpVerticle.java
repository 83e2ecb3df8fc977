package linkgate.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;

/**
 * One HTTP server instance (one per event loop): a router with the request timeout, every
 * feature's routes and the one failure handler, and optionally the connection cap shared by all
 * instances. Stopping it stops accepting connections and lets in-flight requests finish.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final HttpServerOptions options;
  private final List<Routes> routes;
  private final FastPath fast;
  private final Duration requestTimeout;
  private final ConnectionCap cap;
  private volatile HttpServer server;

  /**
   * {@code options} carry host and port; port 0 picks a free port (see {@link #actualPort()}).
   * {@code cap} may be null (no cap).
   */
  public HttpVerticle(HttpServerOptions options, List<Routes> routes, Duration requestTimeout, ConnectionCap cap) {
    this(options, routes, requestTimeout, cap, null);
  }

  /** As above, with a {@link FastPath} tried before the router (may be null). */
  public HttpVerticle(HttpServerOptions options, List<Routes> routes, Duration requestTimeout, ConnectionCap cap,
      FastPath fast) {
    this.fast = fast;
    this.options = options;
    this.routes = routes;
    this.requestTimeout = requestTimeout;
    this.cap = cap;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Never let Forwarded / X-Forwarded-* rewrite the request's host, scheme, path or peer:
    // anyone can send them. NONE is Vert.x's default; it is said here so nobody turns it on.
    // The client address for limits comes from ClientAddress, which trusts only http.trustedProxies.
    router.allowForward(AllowForwardHeaders.NONE);
    router.route().handler(new RequestTimeout(requestTimeout.toMillis()));
    routes.forEach(r -> r.mount(router));
    ErrorHandler errors = new ErrorHandler();
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, errors.forStatus(status));
    }
    HttpServer created = vertx.createHttpServer(options)
        .requestHandler(fast == null ? router : request -> {
          if (!fast.answer(request)) {
            router.handle(request);
          }
        })
        .invalidRequestHandler(ErrorHandler::invalidRequest);
    if (cap != null) {
      created.connectionHandler(cap);
    }
    return created.listen().onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    HttpServer s = server;
    return s == null ? Future.succeededFuture() : s.shutdown(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The port bound, once started. */
  public int actualPort() {
    return server.actualPort();
  }
}
