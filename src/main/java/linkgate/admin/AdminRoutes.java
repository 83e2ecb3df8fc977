package linkgate.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import linkgate.http.Routes;

/** Mounts {@code /admin/api/}: the admin guard first, then the body reader, then the API routes. */
public final class AdminRoutes implements Routes {
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
    router.route("/admin/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    api.forEach(r -> r.mount(router));
  }
}
