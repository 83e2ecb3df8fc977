package linkgate.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN on one dedicated connection, reconnecting by itself (every second, for ever)
 * when the database goes away. After every (re)connection the listeners are told to resync, since
 * notifications sent while disconnected are lost.
 */
final class ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private volatile Runnable onResync = () -> { };
  private volatile boolean closing;

  ChangeFeed(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
    subscriber.closeHandler(v -> {
      if (!closing) {
        LOG.warn("change feed: lost its PostgreSQL connection; it will reconnect and resync");
      }
    });
  }

  void listen(String channel, Handler<String> onChange, Runnable resync) {
    this.onResync = resync;
    subscriber.channel(channel)
        .subscribeHandler(v -> onResync.run()) // (re)subscribed: catch up on what was missed
        .handler(onChange);
    connect();
  }

  private void connect() {
    subscriber.connect().onFailure(e -> {
      if (!closing) {
        LOG.warn("change feed: cannot connect ({}); retrying in 1 s", e.getMessage());
        vertx.setTimer(1000, id -> connect());
      }
    });
  }

  Future<Void> close() {
    closing = true;
    return subscriber.close();
  }
}
