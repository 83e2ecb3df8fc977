package linkgate.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The database behind linkgate: a pool (embedded H2 through JDBC on worker threads, or the
 * reactive PostgreSQL client) and its dialect. Thread-safe.
 */
public final class Store {
  private final Pool pool;
  private final Dialect dialect;
  private final String description;
  private final ChangeFeed feed;

  public Store(Pool pool, Dialect dialect, String description, ChangeFeed feed) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
    this.feed = feed;
  }

  /**
   * Tells other processes on this database that {@code payload} changed on {@code channel}, when
   * the transaction of {@code conn} commits (PostgreSQL NOTIFY; nothing on the embedded store,
   * which has one process).
   */
  public Future<Void> announce(SqlConnection conn, String channel, String payload) {
    if (feed == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(channel, payload)).mapEmpty();
  }

  /**
   * Calls {@code onChange} with each payload announced on {@code channel} by any process, and
   * {@code onResync} after (re)connecting, when announcements may have been missed. Returns
   * false on the embedded store, where there is nothing to listen to.
   */
  public boolean listen(String channel, Handler<String> onChange, Runnable onResync) {
    if (feed == null) {
      return false;
    }
    feed.listen(channel, onChange, onResync);
    return true;
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
    Future<Void> feedClosed = feed == null ? Future.succeededFuture() : feed.close();
    return feedClosed.transform(x -> pool.close());
  }
}
