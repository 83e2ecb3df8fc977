package linkgate.store;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import linkgate.config.LinkgateConfig;
import linkgate.testing.EmbeddedPg;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to a real PostgreSQL with {@code ssl=on} and a self-signed certificate for the name
 * localhost only (no IP address), made with openssl for this run; a second self-signed
 * certificate plays a wrong CA. Every connection that is expected to work is checked to be
 * encrypted ({@code pg_stat_ssl}).
 */
class PostgresTlsTest {
  private static Path dir;
  private static EmbeddedPostgres pg;
  private static String database;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createDirectories(Path.of("target", "pg-tls-" + System.nanoTime()).toAbsolutePath());
    selfSigned("server");
    selfSigned("other");
    pg = EmbeddedPg.startPrivate(null, 0, Map.of("ssl", "on",
        "ssl_cert_file", dir.resolve("server.crt").toString(), "ssl_key_file", dir.resolve("server.key").toString()));
    database = EmbeddedPg.newDatabase(pg).replaceAll(".*/", "");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws IOException {
    await(vertx.close());
    pg.close();
  }

  /** {@code name}.crt and {@code name}.key: a self-signed certificate for DNS name localhost. */
  private static void selfSigned(String name) throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".crt").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed, see " + dir);
    // PostgreSQL refuses a key file that others may read.
    Files.setPosixFilePermissions(dir.resolve(name + ".key"), PosixFilePermissions.fromString("rw-------"));
  }

  private static TestGateway.Builder onHost(String host, String sslMode, String caFile) {
    return TestGateway.with("store.type", "postgres")
        .with("store.postgres.uri", "postgresql://postgres@" + host + ":" + pg.getPort() + "/" + database
            + "?sslmode=" + sslMode)
        .with("store.postgres.tls.caFile", caFile == null ? null : dir.resolve(caFile).toString());
  }

  /** Opens the store of {@code config} (config loader included) and asks whether its connection is encrypted. */
  private static boolean encrypted(TestGateway.Builder config) {
    Store store = await(Stores.open(vertx, config.config().store()));
    try {
      return await(store.pool().query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute())
          .iterator().next().getBoolean(0);
    } finally {
      await(store.close());
    }
  }

  @Test
  void require_selfSignedServer_encryptsWithoutCheckingTheCertificate() {
    assertTrue(encrypted(onHost("localhost", "require", null)));
    assertTrue(encrypted(onHost("127.0.0.1", "require", null)));
  }

  @Test
  void prefer_serverWithTls_encrypts() {
    assertTrue(encrypted(onHost("localhost", "prefer", null)));
  }

  @Test
  void verifyFull_rightCaAndHost_encryptsAndTheGatewayServes() {
    assertTrue(encrypted(onHost("localhost", "verify-full", "server.crt")));
    try (TestGateway gw = onHost("localhost", "verify-full", "server.crt").start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      assertEquals(302, gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("r").sign()).statusCode());
    }
  }

  @Test
  void verifyFull_wrongCa_startUpFailsSayingWhatToCheck() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> onHost("localhost", "verify-full", "other.crt").start());
    assertTrue(e.getMessage().contains("cannot open the store postgresql://postgres@localhost:" + pg.getPort()),
        e.getMessage());
    assertTrue(e.getMessage().contains("the TLS connection failed: check that store.postgres.tls.caFile"),
        e.getMessage());
  }

  @Test
  void requireWithCaFile_wrongCa_isRefusedLikeVerifyCa() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> encrypted(onHost("localhost", "require", "other.crt")));
    assertTrue(e.getMessage().contains("the TLS connection failed"), e.getMessage());
  }

  @Test
  void verifyFull_hostNotInCertificate_isRefused_verifyCaAcceptsIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> encrypted(onHost("127.0.0.1", "verify-full", "server.crt")));
    assertTrue(e.getMessage().contains("the TLS connection failed"), e.getMessage());
    assertTrue(encrypted(onHost("127.0.0.1", "verify-ca", "server.crt")));
  }
}
