package linkgate.articles;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import linkgate.store.Dialect;
import linkgate.store.Store;

/**
 * The articles table. Every method is asynchronous and never blocks the caller's thread.
 *
 * <p>Every write runs inside {@code withTransaction}: vertx-jdbc-client 5.0.7 can hand out a
 * pooled connection still in manual-commit mode after a transaction (vert-x3/vertx-jdbc-client
 * #356), and a plain write on it would never be committed.
 */
public final class ArticleRepository {
  /** Channel on which article changes are announced to other processes (PostgreSQL). */
  public static final String CHANNEL = "linkgate_articles";
  /** Payload meaning "many articles changed: reload everything cached". */
  public static final String EVERYTHING = "*";

  private static final String COLUMNS = "id, url, title, enabled, created_at, updated_at";

  private final Store store;
  private final String find;
  private final String list;
  private final String listAfter;
  private final String update;
  private final String insert;
  private final String delete;

  public ArticleRepository(Store store) {
    this.store = store;
    Dialect d = store.dialect();
    this.find = d.sql("SELECT " + COLUMNS + " FROM articles WHERE id = ?");
    this.list = d.sql("SELECT " + COLUMNS + " FROM articles ORDER BY " + d.idOrder("id") + " LIMIT ?");
    this.listAfter = d.sql("SELECT " + COLUMNS + " FROM articles WHERE " + d.idOrder("id") + " > ? ORDER BY "
        + d.idOrder("id") + " LIMIT ?");
    this.update = d.sql("UPDATE articles SET url = COALESCE(?, url), title = COALESCE(?, title),"
        + " enabled = COALESCE(?, enabled), updated_at = ? WHERE id = ?");
    // ON CONFLICT without a target is the one form H2 and PostgreSQL both accept (STACK.md §5).
    this.insert = d.sql("INSERT INTO articles (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    this.delete = d.sql("DELETE FROM articles WHERE id = ?");
  }

  public Future<Optional<Article>> find(String id) {
    return store.pool().preparedQuery(find).execute(Tuple.of(id)).map(ArticleRepository::first);
  }

  /** Up to {@code limit} articles with ids after {@code after} (null: from the start), in id order. */
  public Future<List<Article>> list(int limit, String after) {
    Future<RowSet<Row>> rows = after == null
        ? store.pool().preparedQuery(list).execute(Tuple.of(limit))
        : store.pool().preparedQuery(listAfter).execute(Tuple.of(after, limit));
    return rows.map(ArticleRepository::all);
  }

  /** Applies one change (create when missing, unless {@code replace} is false); empty when missing. */
  public Future<Optional<Article>> save(ArticleChange change, long now) {
    return store.pool().withTransaction(conn -> save(conn, change, now)
        .compose(saved -> store.announce(conn, CHANNEL, change.id()).map(saved)))
        .compose(saved -> store.persist().map(saved)); // an admin's 200 means on disk
  }

  /** Applies every change in one transaction; the articles as saved, in order. */
  public Future<List<Article>> saveAll(List<ArticleChange> changes, long now) {
    return store.pool().withTransaction(conn -> {
      List<Article> saved = new ArrayList<>(changes.size());
      Future<Void> chain = Future.succeededFuture();
      for (ArticleChange change : changes) {
        chain = chain.compose(x -> save(conn, change, now).map(a -> {
          a.ifPresent(saved::add);
          return null;
        }));
      }
      return chain.compose(x -> store.announce(conn, CHANNEL, EVERYTHING)).map(x -> saved);
    }).compose(saved -> store.persist().map(saved));
  }

  /** True when the article existed. */
  public Future<Boolean> delete(String id) {
    return store.pool().withTransaction(conn -> conn.preparedQuery(delete).execute(Tuple.of(id))
        .compose(rows -> store.announce(conn, CHANNEL, id).map(rows.rowCount() > 0)))
        .compose(existed -> store.persist().map(existed));
  }

  /** The articles among {@code ids} that exist (at most a few hundred ids per call). */
  public Future<List<Article>> findAll(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String sql = store.dialect().sql("SELECT " + COLUMNS + " FROM articles WHERE id IN ("
        + "?, ".repeat(ids.size() - 1) + "?)");
    return store.pool().preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(ids))).map(ArticleRepository::all);
  }

  private Future<Optional<Article>> save(SqlConnection conn, ArticleChange c, long now) {
    // PUT replaces the title (default ""), PATCH keeps what it does not name.
    String title = c.replace() && c.title() == null ? "" : c.title();
    Tuple updateArgs = Tuple.of(c.url(), title, c.enabled(), now, c.id());
    return conn.preparedQuery(update).execute(updateArgs).compose(updated -> {
      if (updated.rowCount() > 0 || !c.replace()) {
        return Future.succeededFuture(updated.rowCount());
      }
      Tuple insertArgs = Tuple.of(c.id(), c.url(), title, c.enabled() == null || c.enabled(), now, now);
      return conn.preparedQuery(insert).execute(insertArgs).compose(inserted ->
          // Another writer created it between our UPDATE and INSERT: update theirs.
          inserted.rowCount() > 0
              ? Future.succeededFuture(1)
              : conn.preparedQuery(update).execute(updateArgs).map(RowSet::rowCount));
    }).compose(count -> count == 0
        ? Future.succeededFuture(Optional.<Article>empty())
        : conn.preparedQuery(find).execute(Tuple.of(c.id())).map(ArticleRepository::first));
  }

  private static Optional<Article> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(article(it.next())) : Optional.empty();
  }

  private static List<Article> all(RowSet<Row> rows) {
    List<Article> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(article(row));
    }
    return out;
  }

  private static Article article(Row row) {
    return new Article(
        row.getString(0), row.getString(1), row.getString(2), row.getBoolean(3),
        row.getLong(4), row.getLong(5));
  }
}
