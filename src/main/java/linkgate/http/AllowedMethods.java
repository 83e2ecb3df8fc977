package linkgate.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Completes a router once every feature has mounted its routes, so that methods behave the same on
 * every path: {@code HEAD} is served wherever {@code GET} is (RFC 9110 §9.3.2: the same status and
 * headers, no body; Vert.x drops the body of a HEAD answer), and any other method on a path that
 * has method-specific routes is {@code 405 method_not_allowed} with {@code Allow} naming the methods
 * it has (RFC 9110 §15.5.6). Routes for every method (guards, static files) are left as they are.
 */
public final class AllowedMethods {
  /** The order methods are listed in {@code Allow}. */
  private static final List<HttpMethod> ORDER = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
  private static final Comparator<HttpMethod> LISTED =
      Comparator.comparingInt(AllowedMethods::rank).thenComparing(HttpMethod::name);

  private AllowedMethods() {}

  /** Call after mounting every route and before the failure handler. */
  public static void complete(Router router) {
    Map<String, Set<HttpMethod>> byPath = new LinkedHashMap<>();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (route.getPath() == null || methods == null || methods.isEmpty()) {
        continue;
      }
      if (methods.contains(HttpMethod.GET) && !methods.contains(HttpMethod.HEAD)) {
        route.method(HttpMethod.HEAD);
      }
      String path = route.isExactPath() ? route.getPath() : route.getPath() + "*";
      byPath.computeIfAbsent(path, p -> new TreeSet<>(LISTED)).addAll(route.methods());
    }
    byPath.forEach((path, methods) -> {
      String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
      router.route(path).handler(ctx -> {
        ctx.response().putHeader(HttpHeaders.ALLOW, allow);
        ctx.fail(new ApiError(405, "method_not_allowed", ctx.request().method().name()
            + " is not allowed here; allowed: " + allow));
      });
    });
  }

  private static int rank(HttpMethod method) {
    int i = ORDER.indexOf(method);
    return i >= 0 ? i : ORDER.size();
  }
}
