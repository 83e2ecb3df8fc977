package linkgate.admin;

import io.vertx.ext.web.RoutingContext;
import linkgate.http.ApiError;

/**
 * Query parameters with the contract's 400 on bad values. Every query parameter the admin API
 * reads goes through {@link #text}, the one place that turns a query string that is not valid
 * percent-encoding ({@code ?after=%zz}, {@code ?%zz}) into {@code 400 invalid_request}: Vert.x
 * decodes the whole query on the first read and throws otherwise.
 */
final class Params {
  private Params() {}

  /** The first value of {@code name} in the query string, or null. */
  static String text(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("The query string is not valid percent-encoding (RFC 3986 §2.1)");
    }
  }

  static int integer(RoutingContext ctx, String name, int def, int min, int max) {
    String value = text(ctx, name);
    if (value == null || value.isEmpty()) {
      return def;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
  }
}
