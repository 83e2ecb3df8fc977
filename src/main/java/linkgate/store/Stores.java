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
import linkgate.config.LinkgateConfig;

/** Opens the configured store and brings its schema up to date. */
public final class Stores {
  private Stores() {}

  /** Opens the store of {@code config} and migrates it. Called once at start-up. */
  public static Future<Store> open(Vertx vertx, LinkgateConfig.Store config) {
    Store store;
    try {
      store = switch (config.type()) {
        case EMBEDDED -> embedded(vertx, config.path());
        case POSTGRES -> PostgresStores.open(vertx, config.postgres());
      };
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException(
          "store.path: cannot create " + config.path().toAbsolutePath().getParent() + " (" + e + ")"));
    }
    Store opened = store;
    return store.pool()
        .withTransaction(conn -> opened.dialect().lockForMigration(conn)
            .compose(locked -> Schema.migrate(conn, opened.dialect())))
        .map(version -> opened)
        .recover(e -> opened.close().transform(x -> Future.failedFuture(new IllegalStateException(
            "cannot open the store " + opened.description() + ": " + e.getMessage(), e))));
  }

  private static Store embedded(Vertx vertx, Path path) throws IOException {
    Path file = path.toAbsolutePath();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    // WRITE_DELAY=0: a commit reaches the file at once, so kill -9 loses nothing committed.
    // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the database before
    // linkgate's SIGTERM drain has written the buffered clicks.
    // CACHE_SIZE (KB): H2's default 16 MB page cache makes the click tables' B-trees thrash once
    // they hold millions of rows; 64 MB keeps their inner pages resident.
    String url = "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
        + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536";
    Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url),
        new PoolOptions().setMaxSize(4).setName("linkgate-h2"));
    return new Store(pool, Dialect.H2, "embedded " + file + ".mv.db", null);
  }
}
