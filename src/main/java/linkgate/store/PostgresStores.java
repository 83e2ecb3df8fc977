package linkgate.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import linkgate.config.LinkgateConfig;

/** The PostgreSQL store on the Vert.x reactive client. */
final class PostgresStores {
  private PostgresStores() {}

  static Store open(Vertx vertx, LinkgateConfig.Postgres config) {
    PgConnectOptions connect = PgConnectOptions.fromUri(config.uri());
    var pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()).setName("linkgate-pg"))
        .connectingTo(connect)
        .using(vertx)
        .build();
    String where = connect.getUser() + "@" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
    return new Store(pool, Dialect.POSTGRES, "postgresql://" + where, new ChangeFeed(vertx, connect), 0);
  }
}
