package linkgate.http;

import io.vertx.ext.web.Router;

/** A feature's routes. {@link HttpVerticle} mounts every feature's routes on its router. */
public interface Routes {
  void mount(Router router);
}
