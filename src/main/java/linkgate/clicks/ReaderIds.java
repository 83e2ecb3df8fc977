package linkgate.clicks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import linkgate.store.Store;

/**
 * Numbers readers without storing who they are: a reader is the HMAC-SHA256 of its {@code sub}
 * under a random key kept in the store ({@code linkgate_meta.reader_hash_key}, made on first
 * start), and each distinct hash gets a number in {@code linkgate_readers}. Unique-reader sets
 * hold the numbers. A bounded memo keeps repeat readers off the store.
 *
 * <p>New readers are registered inside the caller's transaction (the batch's own, so counters,
 * reader sets and reader numbers commit together); the memo learns them only once the caller
 * says the transaction committed ({@link Numbers#remember()}), so a rolled-back number is never
 * reused.
 *
 * <p>{@link #number} is called only by the click writer, one call at a time; {@link #hash} from
 * any thread (the strict journal hashes on a worker). The memo is thread-safe.
 */
final class ReaderIds {
  private static final int CHUNK = 500;
  private static final String KEY_NAME = "reader_hash_key";

  private final Store store;
  private final ThreadLocal<Mac> mac;
  private final Cache<String, Long> memo = Caffeine.newBuilder().maximumSize(200_000).build();
  private final String select;
  private final String insert;

  private ReaderIds(Store store, byte[] key) {
    this.store = store;
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    this.mac = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(spec);
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
      }
    });
    this.select = "SELECT id, hash FROM linkgate_readers WHERE hash IN (";
    this.insert = store.dialect().addToSet("linkgate_readers", List.of("hash"));
  }

  /** Loads the hash key from the store, creating it on first start (safe when several start). */
  static Future<ReaderIds> load(Store store) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String insert = store.dialect().insertIgnoringDuplicates("linkgate_meta", List.of("name", "val"));
    String select = store.dialect().sql("SELECT val FROM linkgate_meta WHERE name = ?");
    return store.pool().withTransaction(conn ->
        conn.preparedQuery(insert).execute(Tuple.of(KEY_NAME, Base64.getEncoder().encodeToString(fresh)))
            .compose(x -> conn.preparedQuery(select).execute(Tuple.of(KEY_NAME))))
        .map(rows -> new ReaderIds(store, Base64.getDecoder().decode(rows.iterator().next().getString(0))));
  }

  /** The keyed hash of {@code sub}, lower-case hex (64 characters): what is stored of a reader. */
  String hash(String sub) {
    return HexFormat.of().formatHex(mac.get().doFinal(sub.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reader numbers of one batch, and what the memo may learn once the batch has committed. */
  final class Numbers {
    private final Map<String, Long> ids;
    private final Map<String, Long> learned;

    private Numbers(Map<String, Long> ids, Map<String, Long> learned) {
      this.ids = ids;
      this.learned = learned;
    }

    /** The number of a reader of the batch (its sub, or its hash for a batch of hashes). */
    long of(String reader) {
      return ids.get(reader);
    }

    /** Call once the transaction that registered them has committed. */
    void remember() {
      memo.putAll(learned);
    }
  }

  /**
   * The numbers of {@code readers}, registering new ones on {@code conn} (in its transaction).
   *
   * @param hashed true when {@code readers} are hashes already ({@link #hash}), as the strict
   *     journal holds them; false for subs
   */
  Future<Numbers> number(SqlConnection conn, Collection<String> readers, boolean hashed) {
    Map<String, Long> ids = new HashMap<>();
    Map<String, Long> learned = new HashMap<>();
    Map<String, String> readerByHash = new HashMap<>();
    for (String reader : readers) {
      Long id = hashed ? null : memo.getIfPresent(reader);
      if (id != null) {
        ids.put(reader, id);
      } else {
        readerByHash.put(hashed ? reader : hash(reader), reader);
      }
    }
    if (readerByHash.isEmpty()) {
      return Future.succeededFuture(new Numbers(ids, learned));
    }
    // Sorted, so that concurrent writers (PostgreSQL, several processes) take locks in one order.
    List<String> hashes = new ArrayList<>(new TreeSet<>(readerByHash.keySet()));
    return register(conn, hashes).map(found -> {
      found.forEach((hash, id) -> {
        String reader = readerByHash.get(hash);
        ids.put(reader, id);
        if (!hashed) {
          learned.put(reader, id);
        }
      });
      return new Numbers(ids, learned);
    });
  }

  private Future<Map<String, Long>> register(SqlConnection conn, List<String> hashes) {
    List<Tuple> rows = new ArrayList<>(hashes.size());
    for (String h : hashes) {
      rows.add(Tuple.of(h));
    }
    Map<String, Long> found = new HashMap<>();
    Future<Void> chain = conn.preparedQuery(insert).executeBatch(rows).mapEmpty();
    for (int from = 0; from < hashes.size(); from += CHUNK) {
      List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + CHUNK));
      String sql = store.dialect().sql(select + "?, ".repeat(chunk.size() - 1) + "?)");
      chain = chain.compose(x -> conn.preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(chunk))))
          .map(result -> {
            for (Row row : result) {
              found.put(row.getString(1), row.getLong(0));
            }
            return null;
          });
    }
    return chain.map(x -> found);
  }
}
