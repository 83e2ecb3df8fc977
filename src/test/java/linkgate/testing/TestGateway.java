package linkgate.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import linkgate.Gateway;
import linkgate.config.ConfigLoader;
import linkgate.config.LinkgateConfig;
import org.yaml.snakeyaml.Yaml;

/**
 * The whole gateway on port 0 with a real embedded store in a fresh folder under target/, driven
 * by a {@link MutableClock}. One call starts it: {@code TestGateway.start()}, or
 * {@code TestGateway.with("clicks.durability", "strict").start()}. Requests are made with a Vert.x
 * {@link WebClient} that never follows redirects; the blocking helpers wait at most 10 s.
 */
public final class TestGateway implements AutoCloseable {
  private final Gateway gateway;
  private final LinkgateConfig config;
  private final MutableClock clock;
  private final Path dataDir;
  private final Vertx clientVertx;
  private final WebClient client;
  private Future<Void> stopping;

  private TestGateway(Gateway gateway, LinkgateConfig config, MutableClock clock, Path dataDir) {
    this.gateway = gateway;
    this.config = config;
    this.clock = clock;
    this.dataDir = dataDir;
    this.clientVertx = Vertx.vertx();
    this.client = WebClient.create(clientVertx, new WebClientOptions()
        .setFollowRedirects(false).setDefaultHost("localhost").setDefaultPort(gateway.port())
        .setMaxHeaderSize(256 * 1024));
  }

  /** The default test configuration: HS256 key "k1" with {@link Tokens#SECRET}, audience linkgate. */
  public static Map<String, Object> defaults(Path dataDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("http.port", 0);
    m.put("http.publicBaseUrl", "https://go.example.com");
    m.put("http.instances", 1);
    m.put("session.audience", "linkgate");
    m.put("session.keys", List.of(Map.of("kid", "k1", "alg", "HS256", "secret", Tokens.SECRET)));
    m.put("session.loginUrl", "https://example.com/login");
    m.put("admin.apiKeys", List.of(
        // sha256("test-api-key")
        Map.of("name", "ci", "sha256", "4c806362b613f7496abf284146efd31da90e4b16169fe001841ca17290f427c4")));
    m.put("store.path", dataDir.resolve("linkgate").toString());
    m.put("clicks.flushInterval", "100ms");
    return m;
  }

  /** The raw API key matching the default config's {@code admin.apiKeys}. */
  public static final String API_KEY = "test-api-key";

  /** The two stores the store-facing suites run against. */
  public enum StoreKind {
    EMBEDDED,
    POSTGRES;

    /** A fresh, empty store of this kind: a new folder under target/, or a new database on the shared PostgreSQL. */
    public LinkgateConfig.Store freshStore() {
      return this == POSTGRES
          ? new LinkgateConfig.Store(LinkgateConfig.StoreType.POSTGRES, null,
              new LinkgateConfig.Postgres(EmbeddedPg.newDatabase(), 4))
          : new LinkgateConfig.Store(LinkgateConfig.StoreType.EMBEDDED, newDataDir().resolve("linkgate"), null);
    }
  }

  public static Builder on(StoreKind store) {
    return new Builder().store(store);
  }

  public static Builder with(String dottedKey, Object value) {
    return new Builder().with(dottedKey, value);
  }

  public static TestGateway start() {
    return new Builder().start();
  }

  /** Builds a configuration from dotted keys over {@link #defaults} and starts a gateway. */
  public static final class Builder {
    private final Path dataDir = newDataDir();
    private final Map<String, Object> values = defaults(dataDir);
    private MutableClock clock = MutableClock.atTenOClock();

    public Builder with(String dottedKey, Object value) {
      if (value == null) {
        values.remove(dottedKey);
      } else {
        values.put(dottedKey, value);
      }
      return this;
    }

    /**
     * Serves on a free port chosen now, with {@code http.publicBaseUrl} {@code http://localhost:<port>}:
     * what a browser test needs, since the browser's {@code Origin} must equal the public origin
     * for cookie-authenticated admin changes.
     */
    public Builder servedAtLocalhost() {
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      values.put("http.port", port);
      values.put("http.publicBaseUrl", "http://localhost:" + port);
      return this;
    }

    /** Runs on {@code store}: the embedded default, or a fresh database on the shared PostgreSQL. */
    public Builder store(StoreKind store) {
      if (store == StoreKind.POSTGRES) {
        values.put("store.type", "postgres");
        values.put("store.postgres.uri", EmbeddedPg.newDatabase());
      }
      return this;
    }

    /** The store folder this builder's gateway will use. */
    public Path dataDir() {
      return dataDir;
    }

    public Builder clock(MutableClock c) {
      this.clock = c;
      return this;
    }

    /** The YAML text this builder would start with. */
    public String yaml() {
      return new Yaml().dump(nest(values));
    }

    public LinkgateConfig config() {
      try {
        return new ConfigLoader(name -> null).parse(yaml(), "test config");
      } catch (linkgate.config.ConfigException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    public TestGateway start() {
      LinkgateConfig config = config();
      return new TestGateway(await(Gateway.start(config, clock)), config, clock, dataDir);
    }

    /**
     * Writes the configuration to {@code linkgate.yaml} in the data folder and starts from that
     * file, as {@code java -jar linkgate.jar --config FILE} does: key reloads read it again.
     */
    public TestGateway startFromFile() {
      Path file = configFile();
      try {
        Files.writeString(file, yaml());
        LinkgateConfig config = new ConfigLoader(name -> null).load(file);
        return new TestGateway(await(Gateway.start(config, clock, file)), config, clock, dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (linkgate.config.ConfigException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    /** The file {@link #startFromFile()} writes. */
    public Path configFile() {
      return dataDir.resolve("linkgate.yaml");
    }
  }

  /** Turns {"a.b": 1} into {"a": {"b": 1}}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> nest(Map<String, Object> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    flat.forEach((key, value) -> {
      String[] parts = key.split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
      }
      node.put(parts[parts.length - 1], value);
    });
    return root;
  }

  static Path newDataDir() {
    try {
      Path base = Path.of("target", "test-data").toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "gw-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Gateway gateway() {
    return gateway;
  }

  public LinkgateConfig config() {
    return config;
  }

  public MutableClock clock() {
    return clock;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return gateway.port();
  }

  public WebClient client() {
    return client;
  }

  public Tokens reader(String sub) {
    return Tokens.reader(clock, sub);
  }

  public Tokens admin(String sub) {
    return Tokens.admin(clock, sub);
  }

  /** A request to this gateway; add headers, then {@link #send}. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, path);
  }

  /** Sends and waits. */
  public static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return await(request.send());
  }

  public static HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) {
    return await(request.sendBuffer(body));
  }

  public HttpResponse<Buffer> get(String path, String... headers) {
    HttpRequest<Buffer> r = request(HttpMethod.GET, path);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.putHeader(headers[i], headers[i + 1]);
    }
    return send(r);
  }

  /** An admin API call with the API key; {@code body} may be null. */
  public HttpResponse<Buffer> admin(HttpMethod method, String path, Object body) {
    HttpRequest<Buffer> r = request(method, path).putHeader("X-Api-Key", API_KEY);
    if (body == null) {
      return send(r);
    }
    r.putHeader("Content-Type", "application/json");
    return send(r, Buffer.buffer(body.toString()));
  }

  /** Creates (or replaces) an article through the admin API and checks it worked. */
  public void putArticle(String id, String url, String title) {
    HttpResponse<Buffer> r = admin(HttpMethod.PUT, "/admin/api/articles/" + id,
        new io.vertx.core.json.JsonObject().put("url", url).put("title", title));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("PUT article " + id + " answered " + r.statusCode() + " " + r.bodyAsString());
    }
  }

  /**
   * Begins the gateway's graceful stop (as on SIGTERM) and returns when it is done, without
   * waiting; {@link #close} then waits for the same stop.
   */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      stopping = gateway.stop();
    }
    return stopping;
  }

  /** Stops the gateway gracefully (drains clicks) and the client. */
  @Override
  public void close() {
    try {
      await(stop());
    } finally {
      client.close();
      await(clientVertx.close());
    }
  }

  /** The store keys of this gateway's configuration, for {@link #restart} on the same store. */
  public Map<String, Object> storeSettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (config.store().type() == LinkgateConfig.StoreType.POSTGRES) {
      m.put("store.type", "postgres");
      m.put("store.postgres.uri", config.store().postgres().uri());
    }
    return m;
  }

  /** Restarts on the same store folder and clock (a new gateway; the old one must be closed). */
  public TestGateway restart(Map<String, Object> overrides) {
    Builder b = new Builder();
    b.values.clear();
    b.values.putAll(defaults(dataDir));
    b.values.putAll(overrides);
    b.clock(clock);
    LinkgateConfig c = b.config();
    return new TestGateway(await(Gateway.start(c, clock)), c, clock, dataDir);
  }
}
