import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;

/**
 * The benchmark's baseline: a bare Vert.x 5 server that answers every GET /go/{id} with the same
 * kind of 302 linkgate sends (Location, Cache-Control, Referrer-Policy, X-Robots-Tag), with no
 * session check and no count. One verticle per instance, all on one port.
 * Run: java -cp target/linkgate.jar bench/Baseline.java PORT INSTANCES
 */
public class Baseline extends VerticleBase {
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence ROBOTS = HttpHeaders.createOptimized("X-Robots-Tag");
  private static final CharSequence NOINDEX = HttpHeaders.createOptimized("noindex");

  private final int port;

  Baseline(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
        .requestHandler(req -> {
          String path = req.path();
          String id = path.startsWith("/go/") ? path.substring(4) : "";
          req.response()
              .setStatusCode(302)
              .putHeader(HttpHeaders.LOCATION, "https://example.org/articles/" + id)
              .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
              .putHeader(REFERRER_POLICY, NO_REFERRER)
              .putHeader(ROBOTS, NOINDEX)
              .end();
        })
        .listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new Baseline(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.err.println("baseline listening on port " + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
