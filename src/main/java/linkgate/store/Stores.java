package linkgate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import linkgate.config.LinkgateConfig;

/** Opens the configured store and brings its schema up to date. */
public final class Stores {
  private Stores() {}

  /** Opens the store of {@code config} for the default one-second flush interval. */
  public static Future<Store> open(Vertx vertx, LinkgateConfig.Store config) {
    return open(vertx, config, Duration.ofSeconds(1));
  }

  /**
   * Opens the store of {@code config} and migrates it. Called once at start-up.
   *
   * @param flushInterval {@code clicks.flushInterval}: the embedded store's write delay is a
   *     quarter of it (at most 250 ms), and the click writer flushes that much earlier, so that a
   *     crash still loses at most one flush interval
   */
  public static Future<Store> open(Vertx vertx, LinkgateConfig.Store config, Duration flushInterval) {
    Store store;
    try {
      store = switch (config.type()) {
        case EMBEDDED -> embedded(vertx, config.path(), writeDelayMillis(flushInterval));
        case POSTGRES -> PostgresStores.open(vertx, config.postgres());
      };
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException(
          "store.path: cannot create " + config.path().toAbsolutePath().getParent() + " (" + e + ")"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(new IllegalStateException("cannot open the store: " + e.getMessage(), e));
    }
    Store opened = store;
    return store.pool()
        .withTransaction(conn -> Schema.migrate(conn, opened.dialect()))
        .map(version -> opened)
        .recover(e -> opened.close().transform(x -> Future.failedFuture(new IllegalStateException(
            "cannot open the store " + opened.description() + ": " + e.getMessage() + hint(e), e))));
  }

  /** What to check for the failures an operator can fix. */
  private static String hint(Throwable e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable c = e; c != null; c = c.getCause()) {
      // The pg client reports a refused certificate as a VertxException "SSL handshake failed", without the cause.
      if (c instanceof javax.net.ssl.SSLException || String.valueOf(c.getMessage()).contains("SSL handshake")) {
        return "; the TLS connection failed: check that store.postgres.tls.caFile holds the CA that signed the"
            + " server's certificate and, for sslmode=verify-full, that the certificate names the host of"
            + " store.postgres.uri";
      }
    }
    if (message.contains("permission denied")) {
      return "; the first start, and a start that migrates the schema, need a user that may create tables"
          + " in its schema (e.g. the database's owner); afterwards SELECT, INSERT, UPDATE, DELETE on"
          + " linkgate's tables and USAGE on its sequences suffice";
    }
    return "";
  }

  /** H2's WRITE_DELAY for a flush interval: a quarter of it, 10 to 250 ms. */
  static long writeDelayMillis(Duration flushInterval) {
    return Math.max(10, Math.min(250, flushInterval.toMillis() / 4));
  }

  private static Store embedded(Vertx vertx, Path path, long writeDelay) throws IOException {
    Path file = path.toAbsolutePath();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    // WRITE_DELAY: H2 writes commits to the file within this delay, from a background thread
    // that also reclaims the space of old chunks once they are older than H2's retention time
    // (45 s by default). With WRITE_DELAY=0 there is no such thread and the file grew by about
    // 1 GB per million clicks (measured with the first schema). A commit that must be on disk at
    // once (admin changes, the strict journal's hand-over) is followed by CHECKPOINT instead
    // (Store#persist). RETENTION_TIME is left at its default on purpose: at 1 s, data written by
    // the background thread was not found again after a kill -9 (measured).
    // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the database before
    // linkgate's SIGTERM drain has written the buffered clicks.
    // CACHE_SIZE (KB): H2's default 16 MB page cache makes big tables' B-trees thrash; 64 MB
    // keeps their inner pages resident.
    String url = "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
        + ";WRITE_DELAY=" + writeDelay + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536";
    Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url),
        new PoolOptions().setMaxSize(4).setName("linkgate-h2"));
    return new Store(pool, Dialect.H2, "embedded " + file + ".mv.db", null, writeDelay);
  }
}
