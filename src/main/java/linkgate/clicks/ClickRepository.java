package linkgate.clicks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import linkgate.store.ClickLog;
import linkgate.store.Dialect;
import linkgate.store.Store;

/**
 * Writes aggregated batches in one transaction: the numbers of readers seen for the first time
 * ({@link ReaderIds}), one click-log row per hour of the batch (clicks, blocked attempts and
 * readers per article, see {@link ClickLog}), the hourly totals over all articles (one counter
 * row per hour, for fast summaries), and the ids of articles seen for the first time
 * ({@code stat_articles}). Keys are written in sorted order so that concurrent writers
 * (several processes on PostgreSQL) take locks in the same order and cannot deadlock.
 */
final class ClickRepository {
  private static final int CHUNK = 500;

  private final Store store;
  private final ReaderIds readers;
  private final String addTotal;
  private final String appendLog;
  private final String addStatArticle;
  private final String saveJournalSeq;
  private final String readJournalSeq;
  private final String createJournalSeq;
  /** Article ids known to be in stat_articles already: rows there are only ever added. */
  private final Cache<String, Boolean> statArticles = Caffeine.newBuilder().maximumSize(200_000).build();

  ClickRepository(Store store, ReaderIds readers) {
    this.store = store;
    this.readers = readers;
    Dialect d = store.dialect();
    this.addTotal = d.addToCounters("click_hours_all", List.of("hr INT"), List.of("clicks", "blocked"));
    this.appendLog = d.sql("INSERT INTO click_log (hr, entries) VALUES (?, ?)");
    this.addStatArticle = d.addToSet("stat_articles", List.of("article_id"));
    this.saveJournalSeq = d.sql("UPDATE linkgate_meta SET val = ? WHERE name = '" + JOURNAL_SEQ + "'");
    this.readJournalSeq = d.sql("SELECT val FROM linkgate_meta WHERE name = '" + JOURNAL_SEQ + "'");
    this.createJournalSeq = d.insertIgnoringDuplicates("linkgate_meta", List.of("name", "val"));
  }

  private static final String JOURNAL_SEQ = "strict_journal_seq";

  /** The strict-journal sequence number the store has absorbed (0 at first), creating the record. */
  Future<Long> journalWatermark() {
    return store.pool().withTransaction(conn -> conn.preparedQuery(createJournalSeq).execute(Tuple.of(JOURNAL_SEQ, "0"))
        .compose(x -> conn.preparedQuery(readJournalSeq).execute())
        .map(rows -> Long.parseLong(rows.iterator().next().getString(0))));
  }

  /** Makes the commits so far durable now (see {@link Store#persist()}). */
  Future<Void> persist() {
    return store.persist();
  }

  /** How long the store may take to put a commit on disk. */
  long writeDelayMillis() {
    return store.writeDelayMillis();
  }

  /**
   * Writes every batch given (additively) in one transaction: new readers' numbers, the click log,
   * the hourly totals, the new article ids and the journal mark commit together or not at all.
   */
  Future<Void> write(List<ClickBatch> batches) {
    ClickBatch all = merged(batches);
    if (all.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> newArticles = new ArrayList<>();
    // Lock order, the same in every writer: linkgate_readers, click_log, click_hours_all,
    // stat_articles, linkgate_meta; keys sorted within each.
    return store.pool().withTransaction(conn -> readers.number(conn, all.readers(), all.readersHashed)
            .compose(ids -> existing(conn, all)
                .compose(known -> writeLog(conn, all, known, ids, newArticles))
                // The journal's clicks and the mark that they are in are committed together.
                .compose(x -> all.journalSeq == 0 ? Future.<Void>succeededFuture()
                    : conn.preparedQuery(saveJournalSeq).execute(Tuple.of(Long.toString(all.journalSeq))).mapEmpty())
                .map(ids)))
        .onSuccess(ids -> {
          ids.remember(); // committed: the numbers are real
          newArticles.forEach(id -> statArticles.put(id, Boolean.TRUE));
        })
        .mapEmpty();
  }

  /**
   * The batches as one, read-only. A single non-empty batch (the usual case) is used as it is:
   * copying it would cost a second pass over every click's reader.
   */
  private static ClickBatch merged(List<ClickBatch> batches) {
    List<ClickBatch> nonEmpty = batches.stream().filter(b -> !b.isEmpty()).toList();
    if (nonEmpty.size() == 1) {
      return nonEmpty.get(0);
    }
    ClickBatch all = new ClickBatch(!nonEmpty.isEmpty() && nonEmpty.get(0).readersHashed);
    nonEmpty.forEach(all::absorb);
    return all;
  }

  /** Which of the batch's blocked-only article ids still exist: blocked counts only count those. */
  private Future<Set<String>> existing(SqlConnection conn, ClickBatch batch) {
    Set<String> known = new HashSet<>();
    Set<String> ids = new TreeSet<>();
    batch.hours.values().forEach(articles -> articles.forEach((id, a) -> {
      if (a.clicks > 0) {
        known.add(id); // a click is a 302 to that article: it existed
      }
    }));
    batch.hours.values().forEach(articles -> articles.keySet().forEach(id -> {
      if (!known.contains(id)) {
        ids.add(id);
      }
    }));
    List<String> ordered = new ArrayList<>(ids);
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ordered.size(); from += CHUNK) {
      List<String> chunk = ordered.subList(from, Math.min(ordered.size(), from + CHUNK));
      String sql = store.dialect().sql(
          "SELECT id FROM articles WHERE id IN (" + "?, ".repeat(chunk.size() - 1) + "?)");
      chain = chain.compose(x -> conn.preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(chunk))))
          .map(rows -> {
            for (Row row : rows) {
              known.add(row.getString(0));
            }
            return null;
          });
    }
    return chain.map(x -> known);
  }

  private Future<Void> writeLog(SqlConnection conn, ClickBatch batch, Set<String> known, ReaderIds.Numbers ids,
      List<String> newArticles) {
    List<Tuple> logRows = new ArrayList<>(batch.hours.size());
    List<Tuple> totalRows = new ArrayList<>(batch.hours.size());
    TreeSet<String> seen = new TreeSet<>();
    new TreeMap<>(batch.hours).forEach((hr, articles) -> {
      TreeMap<String, ClickLog.Entry> entries = new TreeMap<>();
      long[] total = new long[2];
      articles.forEach((id, a) -> {
        if (!known.contains(id)) {
          return; // blocked attempts on an id that is no article: not counted
        }
        long[] readerIds = new long[a.readers.size()];
        int i = 0;
        for (String reader : a.readers) {
          readerIds[i++] = ids.of(reader);
        }
        java.util.Arrays.sort(readerIds); // distinct already: distinct readers have distinct numbers
        entries.put(id, new ClickLog.Entry(a.clicks, a.blocked, readerIds));
        total[0] += a.clicks;
        total[1] += a.blocked;
        if (statArticles.getIfPresent(id) == null) {
          seen.add(id);
        }
      });
      if (!entries.isEmpty()) {
        logRows.add(Tuple.of(hr, store.dialect().binary(ClickLog.encode(entries))));
        totalRows.add(Tuple.of(hr, total[0], total[1]));
      }
    });
    List<Tuple> articleRows = new ArrayList<>(seen.size());
    for (String id : seen) {
      articleRows.add(Tuple.of(id));
      newArticles.add(id);
    }
    return batch(conn, appendLog, logRows)
        .compose(x -> batch(conn, addTotal, totalRows))
        .compose(x -> batch(conn, addStatArticle, articleRows));
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }
}
