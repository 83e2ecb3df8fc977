package linkgate.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads an embedded store's tables directly with JDBC, for tests that check what reached the
 * disk (after a crash, say). Only while no gateway holds the file, or from the same JVM.
 */
public final class StoreProbe {
  private StoreProbe() {}

  /** The single number {@code sql} returns from the store at {@code dataDir}/linkgate. */
  public static long number(Path dataDir, String sql) {
    String url = "jdbc:h2:file:" + dataDir.resolve("linkgate").toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE";
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long storedClicks(Path dataDir) {
    return number(dataDir, "SELECT COALESCE(SUM(clicks), 0) FROM click_hours");
  }
}
