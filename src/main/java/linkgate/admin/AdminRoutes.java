package linkgate.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import linkgate.http.ApiError;
import linkgate.http.Routes;

/** Mounts {@code /admin/api/}: the admin guard first, then the body reader, then the API routes. */
public final class AdminRoutes implements Routes {
  private static final List<HttpMethod> BODY_METHODS =
      List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.DELETE);

  private final AdminGuard guard;
  private final long maxBodySize;
  private final List<Routes> api;

  public AdminRoutes(AdminGuard guard, long maxBodySize, List<Routes> api) {
    this.guard = guard;
    this.maxBodySize = maxBodySize;
    this.api = api;
  }

  @Override
  public void mount(Router router) {
    // The guard runs before the body is read, so anonymous uploads are refused without reading them.
    router.route("/admin/api/*").handler(guard);
    // Bodies are read for the methods that carry one, and never decoded as forms: Vert.x's body
    // handler decodes any form or multipart body, which fails (a 500, or no answer at all) on a
    // GET, on a body that is not valid percent-encoding, or next to a malformed query string.
    // No admin route takes a form: they are 415 here, before a byte of them is read. The other
    // methods' bodies are not read: they flow and are dropped (the guard pauses the request while
    // it waits for a JWKS refetch; the body handler, or this, resumes it). One route for every
    // method: a method-specific route here would make AllowedMethods list its methods in Allow.
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize);
    router.route("/admin/api/*").handler(ctx -> {
      if (!BODY_METHODS.contains(ctx.request().method())) {
        ctx.request().resume();
        ctx.next();
      } else if (isForm(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
        ctx.fail(new ApiError(415, "unsupported_media_type",
            "Forms are not accepted here: send application/json (or text/csv, application/x-ndjson to the import)"));
      } else {
        bodies.handle(ctx);
      }
    });
    api.forEach(r -> r.mount(router));
  }

  private static boolean isForm(String type) {
    String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded");
  }
}
