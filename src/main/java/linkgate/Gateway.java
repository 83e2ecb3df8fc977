package linkgate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import linkgate.admin.AdminGuard;
import linkgate.admin.AdminRoutes;
import linkgate.admin.ArticleAdminRoutes;
import linkgate.admin.DashboardRoutes;
import linkgate.admin.StatsAdminRoutes;
import linkgate.articles.AllowedHosts;
import linkgate.articles.ArticleCatalog;
import linkgate.articles.ArticleRepository;
import linkgate.auth.Credentials;
import linkgate.auth.JwksFetcher;
import linkgate.auth.KeyFileWatch;
import linkgate.auth.KeyReloader;
import linkgate.auth.KeyStatus;
import linkgate.auth.Rejection;
import linkgate.auth.SessionKeys;
import linkgate.auth.SessionVerifier;
import linkgate.clicks.ClickRecorder;
import linkgate.config.ConfigLoader;
import linkgate.config.LinkgateConfig;
import linkgate.http.ConnectionCap;
import linkgate.http.FastPath;
import linkgate.http.HttpVerticle;
import linkgate.http.Routes;
import linkgate.ops.OpsRoutes;
import linkgate.redirect.LoginRedirect;
import linkgate.redirect.RedirectRoutes;
import linkgate.stats.StatsService;
import linkgate.store.Store;
import linkgate.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that knows every feature. {@link #start} builds Vert.x,
 * the store, the verifier (with its JWKS fetched once), the catalog and the recorder, then deploys
 * the HTTP servers; {@link #stop} takes them down in the order that loses no click.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final long ARTICLE_CACHE_SIZE = 100_000;
  private static final long ARTICLE_REFRESH_MILLIS = 15_000;
  /** How long key files must stay unchanged before a reload: editors write in several steps. */
  private static final Duration KEY_FILE_QUIET = Duration.ofMillis(300);

  private final Vertx vertx;
  private final Store store;
  private final ClickRecorder recorder;
  private final SessionVerifier verifier;
  private final Keys keys;
  private final List<String> httpDeployments;
  private final String recorderDeployment;
  private final int port;
  private final Integer managementPort;

  private Gateway(Vertx vertx, Store store, ClickRecorder recorder, SessionVerifier verifier, Keys keys,
      List<String> httpDeployments, String recorderDeployment, int port, Integer managementPort) {
    this.vertx = vertx;
    this.store = store;
    this.recorder = recorder;
    this.verifier = verifier;
    this.keys = keys;
    this.httpDeployments = httpDeployments;
    this.recorderDeployment = recorderDeployment;
    this.port = port;
    this.managementPort = managementPort;
  }

  /** Everything that keeps the session keys current; {@code jwks}, {@code reloader}, {@code watch} may be null. */
  private record Keys(SessionKeys keys, JwksFetcher jwks, KeyReloader reloader, KeyFileWatch watch) {
    KeyStatus status() {
      return jwks == null ? KeyStatus.OK : jwks.status();
    }

    void close() {
      if (watch != null) {
        watch.close();
      }
      if (jwks != null) {
        jwks.close();
      }
    }
  }

  /** Starts linkgate without a configuration file to reload keys from. */
  public static Future<Gateway> start(LinkgateConfig config, Clock clock) {
    return start(config, clock, null);
  }

  /**
   * Starts linkgate; the future fails with a readable message when it cannot.
   *
   * @param configFile the file {@code config} was read from: {@link #reloadKeys} and the watch on
   *     the public key files read it again. Null: no reload.
   */
  public static Future<Gateway> start(LinkgateConfig config, Clock clock, Path configFile) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(
            new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                // Vert.x's per-request HTTP server metrics look up tagged meters on every
                // request, a large share of a redirect's CPU in the benchmark; linkgate counts
                // its answers itself (linkgate_redirects_total). Pool and JVM metrics stay.
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    if (config.session().audience() == null) {
      LOG.warn("session.audience is not set: tokens issued for other applications of the same"
          + " identity provider would be accepted; set it to the audience your site puts in its tokens");
    }
    return Stores.open(vertx, config.store(), config.clicks().flushInterval())
        .compose(store -> ClickRecorder.create(store, config.clicks(), clock, registry, strictJournal(config))
            .compose(recorder -> vertx.deployVerticle(recorder)
                .compose(recorderId -> wire(vertx, config, clock, configFile, registry, store, recorder,
                    recorderId)))
            .recover(e -> store.close().transform(x -> Future.failedFuture(e))))
        .recover(e -> {
          vertx.close(); // not awaited: see stop()
          return Future.failedFuture(e);
        });
  }

  private static Future<Gateway> wire(Vertx vertx, LinkgateConfig config, Clock clock, Path configFile,
      PrometheusMeterRegistry registry, Store store, ClickRecorder recorder, String recorderId) {
    Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);
    for (Rejection r : Rejection.values()) {
      rejections.put(r, Counter.builder("linkgate.token.rejections")
          .description("Session tokens refused, by reason").tag("reason", r.reason()).register(registry));
    }
    SessionVerifier verifier = new SessionVerifier(config.session(), config.admin(), clock,
        r -> rejections.get(r).increment());
    Keys keys = keys(vertx, config, clock, configFile, registry, verifier);
    Credentials credentials = new Credentials(config.session(), verifier, keys.jwks());
    ArticleCatalog catalog = new ArticleCatalog(new ArticleRepository(store), ARTICLE_CACHE_SIZE);
    followOtherProcesses(vertx, store, catalog);
    LoginRedirect login = new LoginRedirect(config);
    RedirectRoutes redirect = new RedirectRoutes(credentials, catalog, recorder, config, clock, registry);
    AllowedHosts allowedHosts = AllowedHosts.of(config.redirect().allowedHosts());
    AdminGuard guard = new AdminGuard(credentials, config);
    Routes admin = new AdminRoutes(guard, config.http().maxBodySize(),
        List.of(new ArticleAdminRoutes(catalog, clock, allowedHosts), new StatsAdminRoutes(new StatsService(store), clock)));
    Routes dashboard = new DashboardRoutes(guard, login.toDashboard());
    Routes ops = new OpsRoutes(store, recorder, registry, keys::status);
    Integer managementPort = config.http().managementPort();
    List<Routes> main = managementPort == null
        ? List.of(redirect, admin, dashboard, ops) : List.of(redirect, admin, dashboard);

    List<String> deployments = new ArrayList<>();
    Future<Void> seeded = config.demo() ? Demo.seed(catalog, clock) : Future.succeededFuture();
    // The first JWKS fetch comes before the servers, so the first tokens find their keys; it
    // never fails start-up (see JwksFetcher#start).
    Future<Void> fetched = keys.jwks() == null ? Future.succeededFuture() : keys.jwks().start();
    // One cap for every instance of the public port; the management port has none of its own.
    ConnectionCap cap = config.http().maxConnections() > 0
        ? new ConnectionCap(config.http().maxConnections(), registry) : null;
    return fetched.compose(f -> seeded).compose(s -> deployServers(vertx, config, main, redirect, cap, deployments).compose(port -> {
      if (managementPort == null) {
        return Future.succeededFuture(new int[] {port, -1});
      }
      HttpVerticle management = new HttpVerticle(
          serverOptions(config, config.http().managementHost(), managementPort), List.of(ops),
          config.http().requestTimeout(), null);
      return vertx.deployVerticle(management).map(id -> {
        deployments.add(id);
        return new int[] {port, management.actualPort()};
      });
    }).map(ports -> {
      LOG.info("listening on port {}", ports[0]);
      if (ports[1] >= 0) {
        LOG.info("management (/healthz, /readyz, /metrics) listening on {} port {}",
            config.http().managementHost(), ports[1]);
      }
      LOG.info("store: {}; clicks: {} every {}", store.description(),
          config.clicks().durability().name().toLowerCase(java.util.Locale.ROOT),
          config.clicks().flushInterval().toMillis() + " ms");
      return new Gateway(vertx, store, recorder, verifier, keys, deployments, recorderId, ports[0],
          ports[1] >= 0 ? ports[1] : null);
    })).onFailure(e -> keys.close());
  }

  private static Keys keys(Vertx vertx, LinkgateConfig config, Clock clock, Path configFile,
      PrometheusMeterRegistry registry, SessionVerifier verifier) {
    LinkgateConfig.Session session = config.session();
    SessionKeys keys = new SessionKeys(verifier, session.keys(), session.clockSkew());
    JwksFetcher jwks = session.jwksUri() == null ? null : new JwksFetcher(vertx, session, keys, clock, registry);
    if (configFile == null) {
      return new Keys(keys, jwks, null, null);
    }
    KeyReloader reloader = new KeyReloader(configFile, new ConfigLoader(System::getenv), keys, session);
    KeyFileWatch watch;
    try {
      watch = new KeyFileWatch(reloader::keyFiles, () -> reloader.reload("key file change"), KEY_FILE_QUIET);
      watch.start();
    } catch (IOException e) {
      // Not worth refusing to start over (inotify limits, say): SIGHUP still reloads.
      LOG.warn("key files are not watched ({}); send SIGHUP after changing one", e.toString());
      watch = null;
    }
    return new Keys(keys, jwks, reloader, watch);
  }

  /**
   * With several processes on one PostgreSQL, an article changed by one must reach the others'
   * caches: LISTEN/NOTIFY within milliseconds, and a periodic reload of every cached article as
   * the backstop for a missed notification. The embedded store has one process: nothing to do.
   */
  private static void followOtherProcesses(Vertx vertx, Store store, ArticleCatalog catalog) {
    boolean listening = store.listen(ArticleRepository.CHANNEL,
        id -> (ArticleRepository.EVERYTHING.equals(id) ? catalog.refreshAll() : catalog.refresh(id))
            .onFailure(e -> LOG.warn("article refresh failed: {}", e.toString())),
        () -> catalog.refreshAll().onFailure(e -> LOG.warn("article resync failed: {}", e.toString())));
    if (listening) {
      vertx.setPeriodic(ARTICLE_REFRESH_MILLIS, id -> catalog.refreshAll()
          .onFailure(e -> LOG.debug("periodic article refresh failed: {}", e.toString())));
    }
  }

  /**
   * Strict clicks on the embedded store are journaled next to its file ({@code <store.path>
   * .strict-journal}); PostgreSQL commits are durable when they return and need none.
   */
  private static Path strictJournal(LinkgateConfig config) {
    boolean embeddedStrict = config.clicks().durability() == LinkgateConfig.Durability.STRICT
        && config.store().type() == LinkgateConfig.StoreType.EMBEDDED;
    return embeddedStrict ? Path.of(config.store().path().toAbsolutePath() + ".strict-journal") : null;
  }

  /**
   * Deploys {@code http.instances} servers on one port (all of them ask for the same explicit port,
   * so Vert.x shares it between their event loops).
   */
  private static Future<Integer> deployServers(
      Vertx vertx, LinkgateConfig config, List<Routes> routes, FastPath fast, ConnectionCap cap,
      List<String> deployments) {
    int instances = config.http().instances();
    int port = config.http().port();
    if (port == 0 && instances > 1) {
      port = freePort(config.http().host());
    }
    HttpVerticle first = new HttpVerticle(serverOptions(config, config.http().host(), port), routes, config.http().requestTimeout(), cap, fast);
    return vertx.deployVerticle(first).compose(id -> {
      deployments.add(id);
      int bound = first.actualPort();
      Future<Void> rest = Future.succeededFuture();
      for (int i = 1; i < instances; i++) {
        rest = rest.compose(x -> vertx.deployVerticle(
                new HttpVerticle(serverOptions(config, config.http().host(), bound), routes, config.http().requestTimeout(), cap, fast))
            .map(more -> {
              deployments.add(more);
              return null;
            }));
      }
      return rest.map(bound);
    });
  }

  /**
   * A port that is free now. Vert.x shares a server port between verticle instances only when
   * they all ask for the same explicit port, never for port 0, so with several instances the
   * port is chosen here first.
   */
  private static int freePort(String host) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
    }
  }

  private static HttpServerOptions serverOptions(LinkgateConfig config, String host, int port) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxHeaderSize(config.http().maxHeaderSize())
        .setMaxInitialLineLength(8192)
        .setIdleTimeout((int) config.http().idleTimeout().toMillis())
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setCompressionSupported(false)
        // HTTP/1.1 only. Vert.x 5 also speaks cleartext HTTP/2 (h2c) by default, whose header
        // limits are not http.maxHeaderSize, and whose protocol sniffing delays a connection's
        // accept until its first bytes arrive (so http.maxConnections could not count silent
        // sockets). linkgate sits behind a TLS-terminating proxy, which speaks HTTP/1.1 to it.
        .setHttp2ClearTextEnabled(false);
  }

  /** The port readers connect to. */
  public int port() {
    return port;
  }

  /** The management port, or null when ops routes share {@link #port()}. */
  public Integer managementPort() {
    return managementPort;
  }

  public SessionVerifier verifier() {
    return verifier;
  }

  /** The JWKS fetcher, or null when {@code session.jwksUri} is unset. */
  public JwksFetcher jwks() {
    return keys.jwks();
  }

  /**
   * Reads the configuration file again and puts its {@code session.keys} in force (SIGHUP). On a
   * worker thread; the future says what happened and never fails. Without a configuration file,
   * nothing to do.
   */
  public Future<KeyReloader.Outcome> reloadKeys(String trigger) {
    KeyReloader reloader = keys.reloader();
    if (reloader == null) {
      LOG.warn("key reload ({}) ignored: linkgate was not started from a configuration file", trigger);
      return Future.succeededFuture(KeyReloader.Outcome.UNCHANGED);
    }
    return vertx.executeBlocking(() -> reloader.reload(trigger), false);
  }

  public ClickRecorder recorder() {
    return recorder;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful stop: stop accepting and finish in-flight requests, then write every buffered
   * click, then close the store and Vert.x. Fails when clicks could not be written.
   */
  public Future<Void> stop() {
    keys.close();
    // All servers at once: the instances on one port share its listening socket, which closes only
    // once every instance has begun to shut down. One after the other, an instance finishing a
    // request in flight (up to the grace period) kept the port accepting for the others.
    Future<Void> servers = Future.all(httpDeployments.stream().map(vertx::undeploy).toList()).mapEmpty();
    Promise<Void> done = Promise.promise();
    servers
        .compose(x -> vertx.undeploy(recorderDeployment))
        .transform(drained -> store.close().transform(x -> drained.succeeded()
            ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(drained.cause())))
        .onComplete(result -> {
          // Nothing listens to Vert.x's own close: its completion would be delivered on an event
          // loop that the close has just ended (RejectedExecutionException). The servers, the
          // click drain and the store are done by now; what remains is releasing threads.
          vertx.close();
          if (result.succeeded()) {
            done.complete();
          } else {
            done.fail(result.cause());
          }
        });
    return done.future();
  }
}
