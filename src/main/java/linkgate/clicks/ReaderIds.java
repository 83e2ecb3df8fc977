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
import java.util.Set;
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
 * <p>Called only by the click writer, one call at a time; the memo is thread-safe anyway.
 */
final class ReaderIds {
  private static final int CHUNK = 500;
  private static final String KEY_NAME = "reader_hash_key";

  private final Store store;
  private final SecretKeySpec key;
  private final Cache<String, Long> memo = Caffeine.newBuilder().maximumSize(200_000).build();
  private final String select;
  private final String insert;

  private ReaderIds(Store store, byte[] key) {
    this.store = store;
    this.key = new SecretKeySpec(key, "HmacSHA256");
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

  /** The keyed hash of {@code sub}, lower-case hex. */
  String hash(String sub) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(sub.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The numbers of {@code subs}, registering new readers; committed before it completes. */
  Future<Map<String, Long>> resolve(Collection<String> subs) {
    Map<String, Long> ids = new HashMap<>();
    Map<String, String> subByHash = new HashMap<>();
    for (String sub : subs) {
      Long id = memo.getIfPresent(sub);
      if (id != null) {
        ids.put(sub, id);
      } else {
        subByHash.put(hash(sub), sub);
      }
    }
    if (subByHash.isEmpty()) {
      return Future.succeededFuture(ids);
    }
    // Sorted, so that concurrent writers (PostgreSQL, several processes) take locks in one order.
    List<String> hashes = new ArrayList<>(new TreeSet<>(subByHash.keySet()));
    return store.pool().withTransaction(conn -> register(conn, hashes)).map(found -> {
      found.forEach((hash, id) -> {
        String sub = subByHash.get(hash);
        ids.put(sub, id);
        memo.put(sub, id);
      });
      return ids;
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

  static Set<String> subs(ClickBatch batch) {
    Set<String> subs = new java.util.HashSet<>();
    batch.hours.values().forEach(articles -> articles.values().forEach(a -> subs.addAll(a.subs)));
    return subs;
  }
}
