package linkgate.testing;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Concurrent GETs against a gateway until stopped: {@code lanes} requests in flight, each lane
 * sending its next request when the previous one is answered. Records when every 302 arrived.
 */
public final class Load implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> redirectedAtNanos = new ConcurrentLinkedQueue<>();
  private final AtomicLong inFlight = new AtomicLong();

  /**
   * @param request for request number n: {path, authorization header value}
   */
  public Load(int port, int lanes, IntFunction<String[]> request) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port).setDefaultHost("localhost")
        .setFollowRedirects(false).setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(lanes));
    for (int i = 0; i < lanes; i++) {
      next(request);
    }
  }

  private void next(IntFunction<String[]> request) {
    if (!running.get()) {
      return;
    }
    String[] r = request.apply((int) sent.getAndIncrement());
    inFlight.incrementAndGet();
    client.get(r[0]).putHeader("Authorization", r[1]).send().onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == 302) {
        redirectedAtNanos.add(System.nanoTime());
      } else {
        failed.incrementAndGet();
      }
      inFlight.decrementAndGet();
      next(request);
    });
  }

  /** Stops sending and waits (up to 10 s) for the requests in flight. */
  public void stop() {
    running.set(false);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** 302s received so far. */
  public long redirected() {
    return redirectedAtNanos.size();
  }

  /** Requests sent so far (answered or not). */
  public long sent() {
    return sent.get();
  }

  /** 302s received at or after {@code nanoTime}. */
  public long redirectedSince(long nanoTime) {
    return redirectedAtNanos.stream().filter(t -> t - nanoTime >= 0).count();
  }

  /** 302s received before {@code nanoTime}. */
  public long redirectedBefore(long nanoTime) {
    return redirectedAtNanos.stream().filter(t -> t - nanoTime < 0).count();
  }

  public long failed() {
    return failed.get();
  }

  public List<Long> times() {
    return List.copyOf(redirectedAtNanos);
  }

  @Override
  public void close() {
    stop();
    client.close();
    TestGateway.await(vertx.close());
  }
}
