package linkgate.admin;

import io.vertx.ext.web.RoutingContext;
import linkgate.http.ApiError;

/** Query parameters with the contract's 400 on bad values. */
final class Params {
  private Params() {}

  static int integer(RoutingContext ctx, String name, int def, int min, int max) {
    String value = ctx.request().getParam(name);
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
