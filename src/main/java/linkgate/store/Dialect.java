package linkgate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL differences between the embedded store (H2 in PostgreSQL mode, through JDBC) and
 * PostgreSQL (the reactive client), kept in one place. Everything else is shared SQL.
 */
public enum Dialect {
  /** H2 2.x, MODE=PostgreSQL, via {@code JDBCPool}: {@code ?} placeholders. */
  H2,
  /** PostgreSQL via the Vert.x pg client: {@code $1..$n} placeholders. */
  POSTGRES;

  /** Advisory lock key for migrations: "linkgate" in ASCII, as a number. */
  private static final long MIGRATION_LOCK = 0x6c696e6b67617465L;

  /** Rewrites {@code ?} placeholders for this dialect. Call once per statement, at construction. */
  public String sql(String sql) {
    if (this == H2) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == '?' && !quoted) {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Serialises schema migrations of processes that start at once on one database: a PostgreSQL
   * transaction-scoped advisory lock, released at commit. The embedded store has one process.
   */
  public Future<Void> lockForMigration(SqlConnection conn) {
    if (this == H2) {
      return Future.succeededFuture();
    }
    return conn.query("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")").execute().mapEmpty();
  }

  /**
   * A query answering one boolean: whether {@code table} exists in the current schema. Needs no
   * right on the table (PostgreSQL's {@code to_regclass} resolves it through the search path).
   */
  public String tableExists(String table) {
    return this == H2
        ? "SELECT COUNT(*) > 0 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA"
            + " AND TABLE_NAME = '" + table + "'"
        : "SELECT to_regclass('" + table + "') IS NOT NULL";
  }

  /** Column type of variable-length binary values (H2 keeps them inline, not as LOBs). */
  public String binaryType() {
    return this == H2 ? "VARBINARY(1000000000)" : "BYTEA";
  }

  /**
   * A binary value as this dialect's client binds it: a byte array for JDBC (vertx-jdbc-client
   * 5.0.7 binds a {@code Buffer} as a BLOB and fails on H2 with "Invalid value 0 for parameter
   * pos"), a {@code Buffer} for the pg client.
   */
  public Object binary(byte[] bytes) {
    return this == H2 ? bytes : io.vertx.core.buffer.Buffer.buffer(bytes);
  }

  /** Reads a binary column written with {@link #binary}. */
  public static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof io.vertx.core.buffer.Buffer buffer) {
      return buffer.getBytes();
    }
    throw new IllegalArgumentException("not a binary value: " + (value == null ? null : value.getClass()));
  }

  /**
   * Serialises merges of the reader log between processes on one database (PostgreSQL), so two
   * of them do not merge the same hour at once. Transaction-scoped; nothing on the embedded store.
   */
  public Future<Void> lockForLogMerge(SqlConnection conn) {
    if (this == H2) {
      return Future.succeededFuture();
    }
    return conn.query("SELECT pg_advisory_xact_lock(" + (MIGRATION_LOCK + 1) + ")").execute().mapEmpty();
  }

  /**
   * An id column compared and sorted in code-point order (PostgreSQL's default collation follows
   * the locale), for ORDER BY and for keyset paging ({@code WHERE id > ?}) alike.
   */
  public String idOrder(String column) {
    return this == H2 ? column : column + " COLLATE \"C\"";
  }

  /**
   * A statement that adds to counters, creating the row when missing. Parameters: the key
   * columns, then the value columns, in the order given.
   *
   * <p>PostgreSQL: {@code INSERT … ON CONFLICT (keys) DO UPDATE}, which never fails with a unique
   * violation when two processes insert the same new key at once (MERGE can). H2 rejects every
   * {@code ON CONFLICT} with a target, so it gets a standard {@code MERGE}; the embedded store has a
   * single writer, so MERGE's race does not arise there.
   *
   * @param keys key columns as {@code name type} pairs, e.g. {@code "article_id VARCHAR(128)"}
   */
  public String addToCounters(String table, List<String> keys, List<String> values) {
    List<String> keyNames = keys.stream().map(k -> k.split(" ")[0]).toList();
    List<String> all = new ArrayList<>(keyNames);
    all.addAll(values);
    String columns = String.join(", ", all);
    if (this == POSTGRES) {
      String updates = String.join(", ", values.stream().map(v -> v + " = t." + v + " + EXCLUDED." + v).toList());
      return sql("INSERT INTO " + table + " AS t (" + columns + ") VALUES ("
          + String.join(", ", Collections.nCopies(all.size(), "?")) + ") ON CONFLICT ("
          + String.join(", ", keyNames) + ") DO UPDATE SET " + updates);
    }
    List<String> casts = new ArrayList<>();
    for (String k : keys) {
      casts.add("CAST(? AS " + k.substring(k.indexOf(' ') + 1) + ")");
    }
    for (int i = 0; i < values.size(); i++) {
      casts.add("CAST(? AS BIGINT)");
    }
    String on = String.join(" AND ", keyNames.stream().map(k -> "t." + k + " = s." + k).toList());
    String updates = String.join(", ", values.stream().map(v -> v + " = t." + v + " + s." + v).toList());
    String inserts = String.join(", ", all.stream().map(c -> "s." + c).toList());
    return "MERGE INTO " + table + " t USING (VALUES (" + String.join(", ", casts) + ")) AS s(" + columns
        + ") ON " + on + " WHEN MATCHED THEN UPDATE SET " + updates
        + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (" + inserts + ")";
  }

  /**
   * Adds rows to a set: a row whose {@code columns} (its whole key) are already there is left
   * alone. PostgreSQL: {@code INSERT … ON CONFLICT DO NOTHING}. H2 implements that form by
   * catching a duplicate-key exception per row (about 6 µs each, measured with ClickBench), and the
   * click writer re-adds known readers all the time, so H2 gets its own {@code MERGE … KEY}, which
   * looks the row up instead.
   */
  public String addToSet(String table, List<String> columns) {
    if (this == POSTGRES) {
      return insertIgnoringDuplicates(table, columns);
    }
    String names = String.join(", ", columns);
    return "MERGE INTO " + table + " (" + names + ") KEY (" + names + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
  }

  /** {@code INSERT … ON CONFLICT DO NOTHING}: the one form H2 and PostgreSQL both accept. */
  public String insertIgnoringDuplicates(String table, List<String> columns) {
    return sql("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ") ON CONFLICT DO NOTHING");
  }
}
