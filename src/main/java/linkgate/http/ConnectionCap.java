package linkgate.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code http.maxConnections}: a cap on open connections, shared by every HTTP server instance of
 * the public port. A connection beyond the cap is closed as soon as it is accepted, before a
 * byte of it is read, so a flood of idle connections cannot exhaust file descriptors or memory.
 * (Vert.x calls the connection handler at accept time only for HTTP/1.x: with cleartext HTTP/2
 * on, it waits for the first bytes to tell the protocols apart, so the servers keep h2c off.)
 * Thread-safe (one atomic counter); runs once per connection, never per request.
 */
public final class ConnectionCap implements Handler<HttpConnection> {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;

  public ConnectionCap(int max, MeterRegistry metrics) {
    this.max = max;
    this.refused = Counter.builder("linkgate.connections.refused")
        .description("Connections closed at once because http.maxConnections were open").register(metrics);
    Gauge.builder("linkgate.connections.open", open, AtomicInteger::get)
        .description("Open connections on the public port").register(metrics);
  }

  @Override
  public void handle(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refused.increment();
      connection.close();
      return;
    }
    connection.closeHandler(closed -> open.decrementAndGet());
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }
}
