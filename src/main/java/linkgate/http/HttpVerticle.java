package linkgate.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;

/**
 * One HTTP server instance (one per event loop): a router with the request timeout, every
 * feature's routes (completed by {@link AllowedMethods}) and the one failure handler, and
 * optionally the connection cap shared by all instances. Every request is first checked for a
 * valid {@code Host}, then offered to the {@link FastPath}, then routed; every HTTP/1 connection
 * gets an {@link Http1Guard}, and an {@link IdleCloser} for the options' idle timeout. Stopping it
 * stops accepting connections and lets in-flight requests finish.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private static final ApiError BAD_HOST = ApiError.badRequest("The Host header is missing or malformed");

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
    AllowedMethods.complete(router);
    ErrorHandler errors = new ErrorHandler();
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, errors.forStatus(status));
    }
    // The idle timeout is linkgate's own IdleCloser rather than Netty's handler (see there).
    Duration idle = Duration.ofMillis(options.getIdleTimeoutUnit().toMillis(options.getIdleTimeout()));
    HttpServerOptions served = new HttpServerOptions(options).setIdleTimeout(0);
    HttpServer created = vertx.createHttpServer(served)
        .requestHandler(request -> {
          if (!validHost(request)) {
            ErrorHandler.closeAfter(request, BAD_HOST);
          } else if (fast == null || !fast.answer(request)) {
            router.handle(request);
          }
        })
        .invalidRequestHandler(ErrorHandler::invalidRequest)
        .connectionHandler(connection -> {
          if (!idle.isZero()) {
            IdleCloser.install(connection, idle);
          }
          Http1Guard.install(connection);
          if (cap != null) {
            cap.handle(connection);
          }
        });
    return created.listen().onSuccess(s -> server = s);
  }

  /**
   * RFC 9112 §3.2: an HTTP/1.1 request without {@code Host}, and any request whose {@code Host}
   * is not a valid authority (empty, a port above 65535, {@code [::1}, {@code a:b:c}, non-ASCII),
   * is a 400. HTTP/1.0 predates {@code Host} and may omit it; an HTTP/2 request needs its
   * {@code :authority}. linkgate never uses the host for anything (every URL it makes comes from
   * {@code http.publicBaseUrl}), but Vert.x's router refuses such requests with an exception that
   * used to surface as a 500, and the fast path must not answer what the router would refuse.
   */
  static boolean validHost(HttpServerRequest request) {
    HttpVersion version = request.version();
    String host = request.getHeader(HttpHeaders.HOST);
    if (version != HttpVersion.HTTP_2 && host == null) {
      return version == HttpVersion.HTTP_1_0;
    }
    if (host != null && plainHost(host)) {
      return true; // the usual Host, accepted without Vert.x's parse (an allocation per request)
    }
    HostAndPort authority = request.authority();
    return authority != null && !authority.host().isEmpty();
  }

  /**
   * A Host of letters, digits, dots and hyphens, optionally {@code :port} (1-5 digits, at most
   * 65535): a form Vert.x's authority parser always accepts, with a non-empty host. Anything else
   * (IPv6 literals, percent-escapes, sub-delims, bad ports) is left to that parser.
   */
  static boolean plainHost(String host) {
    int n = host.length();
    int i = 0;
    while (i < n) {
      char c = host.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || (c >= 'A' && c <= 'Z')) {
        i++;
      } else {
        break;
      }
    }
    if (i == 0 || i > 255) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (host.charAt(i) != ':' || n - i - 1 < 1 || n - i - 1 > 5) {
      return false;
    }
    int port = 0;
    for (int j = i + 1; j < n; j++) {
      char c = host.charAt(j);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
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
