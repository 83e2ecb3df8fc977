package linkgate.clicks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import linkgate.store.Dialect;
import linkgate.store.ClickLog;
import linkgate.store.Store;

/**
 * Merges the click log: every flush adds a row per hour, so an hour collects up to 3,600 rows at
 * a one-second flush interval; once merged it is one row, which is what keeps month-long unique
 * counts fast. Hours before the current one are merged into one row as soon as they hold several.
 * In the current hour, once {@value #CURRENT_HOUR_ROWS} flushed rows have piled up, those are
 * merged into one, and the rows of earlier merges are left alone: re-merging the whole hour every
 * minute cost CPU in proportion to everything the hour had seen so far (seconds a minute late in a
 * busy hour), where this merges each click about twice. Only rows actually read are deleted, so a
 * flush racing a merge loses nothing; on PostgreSQL an advisory lock keeps two processes from
 * merging at once. Called by the click writer, one call at a time.
 */
final class ClickLogMerger {
  static final int CURRENT_HOUR_ROWS = 60;
  private static final int HOURS_PER_CALL = 24;
  private static final int CHUNK = 500;

  private final Store store;
  private final String candidates;
  private final String rowsOfHour;
  private final String flushedRowsOfHour;
  private final String insert;

  ClickLogMerger(Store store) {
    this.store = store;
    this.candidates = store.dialect().sql(
        "SELECT hr, COUNT(*), SUM(CASE WHEN merged THEN 0 ELSE 1 END) FROM click_log"
            + " GROUP BY hr HAVING COUNT(*) > 1 ORDER BY hr LIMIT " + HOURS_PER_CALL * 4);
    this.rowsOfHour = store.dialect().sql("SELECT seq, entries FROM click_log WHERE hr = ?");
    this.flushedRowsOfHour = store.dialect().sql("SELECT seq, entries FROM click_log WHERE hr = ? AND merged = FALSE");
    this.insert = store.dialect().sql("INSERT INTO click_log (hr, entries, merged) VALUES (?, ?, TRUE)");
  }

  /**
   * Merges up to a day's worth of hours; the number of hours merged. The merging itself (decoding
   * and re-encoding every reader set of an hour: CPU work that grows with the hour's traffic) runs
   * on a worker thread of {@code vertx}, not on the writer's event loop, where every strict click
   * would wait for it.
   */
  Future<Integer> mergeSome(int currentHour, Vertx vertx) {
    return store.pool().query(candidates).execute().compose(rows -> {
      List<Integer> hours = new ArrayList<>();
      for (Row row : rows) {
        int hr = row.getInteger(0);
        long flushed = row.getLong(2);
        if ((hr < currentHour || flushed >= CURRENT_HOUR_ROWS) && hours.size() < HOURS_PER_CALL) {
          hours.add(hr);
        }
      }
      Future<Integer> chain = Future.succeededFuture(0);
      for (int hr : hours) {
        String query = hr < currentHour ? rowsOfHour : flushedRowsOfHour;
        chain = chain.compose(n -> store.pool().withTransaction(conn -> merge(conn, hr, query, vertx)).map(n + 1));
      }
      return chain;
    });
  }

  /** Merges the rows of {@code hr} that {@code query} selects into one. */
  private Future<Void> merge(SqlConnection conn, int hr, String query, Vertx vertx) {
    return store.dialect().lockForLogMerge(conn)
        .compose(x -> conn.preparedQuery(query).execute(Tuple.of(hr)))
        .compose(rows -> {
          if (rows.size() < 2) {
            return Future.succeededFuture(); // another process merged it meanwhile
          }
          List<Object> seqs = new ArrayList<>(rows.size());
          List<byte[]> blobs = new ArrayList<>(rows.size());
          for (Row row : rows) {
            seqs.add(row.getLong(0));
            blobs.add(Dialect.bytes(row.getValue(1)));
          }
          Future<Void> chain = vertx.executeBlocking(() -> ClickLog.merge(blobs), false)
              .compose(merged -> conn.preparedQuery(insert).execute(Tuple.of(hr, store.dialect().binary(merged))))
              .mapEmpty();
          for (int from = 0; from < seqs.size(); from += CHUNK) {
            List<Object> chunk = seqs.subList(from, Math.min(seqs.size(), from + CHUNK));
            String delete = store.dialect().sql(
                "DELETE FROM click_log WHERE seq IN (" + "?, ".repeat(chunk.size() - 1) + "?)");
            chain = chain.compose(x -> conn.preparedQuery(delete).execute(Tuple.from(new ArrayList<>(chunk))).mapEmpty());
          }
          return chain;
        });
  }
}
