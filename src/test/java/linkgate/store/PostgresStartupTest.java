package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import linkgate.testing.EmbeddedPg;
import linkgate.testing.StoreProbe;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** Start-up on PostgreSQL fails with a message an operator can act on. */
class PostgresStartupTest {
  @Test
  void start_databaseUnreachable_saysWhereAndWhy() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestGateway
        .with("store.type", "postgres").with("store.postgres.uri", "postgresql://linkgate@127.0.0.1:1/linkgate")
        .start());
    assertTrue(e.getMessage().contains("cannot open the store postgresql://linkgate@127.0.0.1:1/linkgate"), e.getMessage());
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
  }

  @Test
  void start_userWithoutRights_saysPermissionDenied() {
    String uri = EmbeddedPg.newDatabase();
    URI u = URI.create(uri);
    String database = u.getPath().substring(1);
    StoreProbe admin = StoreProbe.of(TestGateway.with("store.type", "postgres").with("store.postgres.uri", uri).config());
    admin.execute("CREATE ROLE weak_" + database + " LOGIN");
    admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    String weak = "postgresql://weak_" + database + "@" + u.getHost() + ":" + u.getPort() + "/" + database;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestGateway.with("store.type", "postgres").with("store.postgres.uri", weak).start());
    assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
  }
}
