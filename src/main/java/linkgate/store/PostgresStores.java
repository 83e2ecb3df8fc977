package linkgate.store;

import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import linkgate.config.LinkgateConfig;

/** The PostgreSQL store on the Vert.x reactive client. */
final class PostgresStores {
  private PostgresStores() {}

  /** Opens the pool; the uri was checked by the config loader (a bad one fails without being shown). */
  static Store open(Vertx vertx, LinkgateConfig.Postgres config) {
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(config.uri());
    } catch (IllegalArgumentException e) {
      // Its message holds the whole uri, password included.
      throw new IllegalArgumentException("store.postgres.uri is not a valid connection URI; run check-config");
    }
    connect.setSslOptions(tls(connect.getSslMode(), config.caFile()));
    var pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()).setName("linkgate-pg"))
        .connectingTo(connect)
        .using(vertx)
        .build();
    String where = connect.getUser() + "@" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
    return new Store(pool, Dialect.POSTGRES, "postgresql://" + where, new ChangeFeed(vertx, connect), 0);
  }

  /**
   * TLS as libpq does it (https://www.postgresql.org/docs/current/libpq-ssl.html, table 32.1):
   * {@code allow}, {@code prefer} and {@code require} encrypt without checking the server's
   * certificate, so they protect against eavesdropping but not against a machine in the middle;
   * {@code require} with a CA file checks the chain, like {@code verify-ca}; {@code verify-ca}
   * checks the chain against the CA file; {@code verify-full} also checks that the certificate
   * names the host of the uri, against the CA file or, without one, the JVM's trusted CAs. The
   * options are set for every mode: the client dereferences them whenever it tries TLS.
   */
  static ClientSSLOptions tls(SslMode mode, Path caFile) {
    ClientSSLOptions ssl = new ClientSSLOptions()
        .setHostnameVerificationAlgorithm(mode == SslMode.VERIFY_FULL ? "HTTPS" : "");
    boolean verify = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL || mode == SslMode.REQUIRE && caFile != null;
    if (!verify) {
      return ssl.setTrustAll(true);
    }
    return ssl.setTrustOptions(caFile != null ? new PemTrustOptions().addCertPath(caFile.toString()) : jvmCas());
  }

  private static TrustOptions jvmCas() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the JVM's trusted CAs for sslmode=verify-full: " + e, e);
    }
  }
}
