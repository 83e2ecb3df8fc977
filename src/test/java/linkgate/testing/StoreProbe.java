package linkgate.testing;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import linkgate.config.LinkgateConfig;

/**
 * Reads and changes a store's tables directly with JDBC (H2 file or PostgreSQL), for tests that
 * check what reached the disk after a crash, or that break the store on purpose.
 */
public final class StoreProbe {
  private final String url;
  private final String user;

  private StoreProbe(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** The store of {@code config}. */
  public static StoreProbe of(LinkgateConfig config) {
    if (config.store().type() == LinkgateConfig.StoreType.POSTGRES) {
      URI uri = URI.create(config.store().postgres().uri());
      String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
      return new StoreProbe("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), user);
    }
    return embedded(config.store().path());
  }

  /** The embedded store file at {@code path} (without .mv.db). */
  public static StoreProbe embedded(Path path) {
    return new StoreProbe("jdbc:h2:file:" + path.toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE", null);
  }

  private Connection connect() throws SQLException {
    return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
  }

  /** The single number {@code sql} returns. */
  public long number(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one statement (DDL, say) and commits. */
  public void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Clicks stored, over all articles and hours. */
  public long storedClicks() {
    return number("SELECT COALESCE(SUM(clicks), 0) FROM click_hours_all");
  }
}
