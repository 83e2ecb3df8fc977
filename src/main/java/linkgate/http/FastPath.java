package linkgate.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * A request handler tried before the router: it answers the requests it can answer completely
 * and at once (the common redirect: cached session, cached article), and leaves every other
 * request, untouched, to the router. Routing costs about a microsecond a request, which on the
 * hot path is a tenth of the whole.
 */
@FunctionalInterface
public interface FastPath {
  /** True when the request has been answered; false, with no side effect, to route it. */
  boolean answer(HttpServerRequest request);
}
