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
  private final long writeDelayMillis;

  Store(Pool pool, Dialect dialect, String description, ChangeFeed feed, long writeDelayMillis) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
    this.feed = feed;
    this.writeDelayMillis = writeDelayMillis;
  }

  /** How long after a commit the store may take to write it to disk (0: at once). */
  public long writeDelayMillis() {
    return writeDelayMillis;
  }

  /**
   * Makes every commit so far durable now: {@code CHECKPOINT} on the embedded store, whose
   * commits otherwise reach the file within {@link #writeDelayMillis()}; nothing on PostgreSQL,
   * whose commits are durable when they return.
   */
  public Future<Void> persist() {
    return writeDelayMillis == 0 ? Future.succeededFuture() : pool.query("CHECKPOINT").execute().mapEmpty();
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

  /**
   * Closes the pool. The embedded store is shut down first ({@code SHUTDOWN}): H2 then writes
   * everything and closes the file before this completes, rather than when its last pooled
   * connection happens to close.
   */
  public Future<Void> close() {
    Future<Void> feedClosed = feed == null ? Future.succeededFuture() : feed.close();
    Future<Void> shutDown = dialect == Dialect.H2
        ? feedClosed.transform(x -> pool.query("SHUTDOWN").execute().<Void>mapEmpty().recover(e -> Future.succeededFuture()))
        : feedClosed;
    return shutDown.transform(x -> pool.close());
  }
}
