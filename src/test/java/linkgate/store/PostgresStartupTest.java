package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import linkgate.testing.EmbeddedPg;
import linkgate.testing.StoreProbe;
import linkgate.testing.TestGateway;
import linkgate.testing.Wait;
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
    assertTrue(e.getMessage().contains("need a user that may create tables"), e.getMessage());
  }

  @Test
  void start_dmlOnlyUserAfterFirstStart_startsRedirectsAndCounts() throws Exception {
    String uri = EmbeddedPg.newDatabase();
    URI u = URI.create(uri);
    String database = u.getPath().substring(1);
    TestGateway.with("store.type", "postgres").with("store.postgres.uri", uri).start().close(); // migrates
    StoreProbe owner = StoreProbe.of(TestGateway.with("store.type", "postgres").with("store.postgres.uri", uri).config());
    String user = "dml_" + database;
    owner.execute("CREATE ROLE " + user + " LOGIN");
    owner.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    owner.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
    owner.execute("GRANT CONNECT ON DATABASE " + database + " TO " + user);
    owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + user);
    owner.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + user);
    String dml = "postgresql://" + user + "@" + u.getHost() + ":" + u.getPort() + "/" + database;

    try (TestGateway gw = TestGateway.with("store.type", "postgres").with("store.postgres.uri", dml).start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      String token = "Bearer " + gw.reader("alice").sign();
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode());
      assertEquals(302, gw.get("/go/a1", "Authorization", token).statusCode());
      Wait.until(() -> owner.storedClicks() == 2, 10_000);
      assertEquals(1, owner.number("SELECT COUNT(*) FROM linkgate_readers")); // alice
    }
    StoreProbe asDml = StoreProbe.of(TestGateway.with("store.type", "postgres").with("store.postgres.uri", dml).config());
    assertThrows(IllegalStateException.class, () -> asDml.execute("CREATE TABLE nope (x INT)"),
        "the user was meant to have no DDL rights");
  }
}
