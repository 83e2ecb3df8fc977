package linkgate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * The database behind linkgate: a pool (embedded H2 through JDBC on worker threads, or the
 * reactive PostgreSQL client) and its dialect. Thread-safe.
 */
public final class Store {
  private final Pool pool;
  private final Dialect dialect;
  private final String description;

  public Store(Pool pool, Dialect dialect, String description) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
  }

  public Pool pool() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** For logs: which database, never with a password. */
  public String description() {
    return description;
  }

  /** Succeeds when the database answers a trivial query. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool.close();
  }
}
