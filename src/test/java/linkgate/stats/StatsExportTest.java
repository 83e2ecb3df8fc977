package linkgate.stats;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import linkgate.store.Store;
import linkgate.store.Stores;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link StatsExport} against a real store (each kind, a fresh one per test) and a stream the test controls. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class StatsExportTest {
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final int HOUR = (int) (DAY.toEpochMilli() / 3_600_000L) + 10;

  @Parameter
  TestGateway.StoreKind kind;

  private Vertx vertx;
  private Store store;
  private Context context;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = await(Stores.open(vertx, kind.freshStore()));
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void close() {
    store.close(); // may already be closed by the test
    await(vertx.close());
  }

  /** {@code n} articles with one click each by reader 1 in hour {@link #HOUR}. */
  private void seed(int n) {
    java.util.TreeMap<String, linkgate.store.ClickLog.Entry> entries = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      entries.put(String.format("p%04d", i), new linkgate.store.ClickLog.Entry(1, 0, new long[] {1L}));
    }
    // In a transaction: vertx-jdbc-client 5.0.7 leaves pooled connections in autocommit=false
    // after any withTransaction (vert-x3/vertx-jdbc-client#356), so bare writes would not commit.
    await(store.pool().withTransaction(conn -> conn
        .preparedQuery(store.dialect().sql("INSERT INTO click_log (hr, entries) VALUES (?, ?)"))
        .execute(Tuple.of(HOUR, store.dialect().binary(linkgate.store.ClickLog.encode(entries))))));
  }

  private StatsExport hourlyExport() {
    return new StatsService(store).export(StatsRange.of(DAY, DAY.plusSeconds(86_400)), Bucket.HOUR);
  }

  private Future<Long> startOnContext(StatsExport export, WriteStream<Buffer> out) {
    Promise<Long> result = Promise.promise();
    context.runOnContext(v -> export.writeTo(out).onComplete(result));
    return result.future();
  }

  private static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  @Test
  void writeTo_queueFull_waitsForDrainBeforeReadingNextPage() {
    seed(2 * StatsRepository.PAGE + 500);
    FakeStream out = new FakeStream();
    out.full = true; // full after every write until the test drains it
    Future<Long> done = startOnContext(hourlyExport(), out);

    waitUntil(() -> out.drain != null, "the export waits for a drain");
    assertEquals(1, out.chunks.size(), "a page was read while the stream was full");
    assertTrue(out.text().startsWith(StatsExport.HEADER));

    context.runOnContext(v -> out.fireDrain());
    waitUntil(() -> out.chunks.size() == 2 && out.drain != null, "the second page after the first drain");

    out.full = false;
    context.runOnContext(v -> out.fireDrain());
    assertEquals(2 * StatsRepository.PAGE + 500L, await(done));
    assertTrue(out.ended);
    assertEquals(3, out.chunks.size());
    assertEquals(1 + 2 * StatsRepository.PAGE + 500, out.text().split("\r\n").length);
  }

  @Test
  void writeTo_exactlyOnePage_allRowsThenEnd() {
    seed(StatsRepository.PAGE);
    FakeStream out = new FakeStream();
    assertEquals((long) StatsRepository.PAGE, await(startOnContext(hourlyExport(), out)));
    assertEquals(1, out.chunks.size());
    assertTrue(out.ended);
  }

  @Test
  void writeTo_storeFailsAtOnce_writesNothingAndFails() {
    seed(10);
    StatsExport export = hourlyExport();
    await(store.close());
    FakeStream out = new FakeStream();
    assertThrows(IllegalStateException.class, () -> await(startOnContext(export, out)));
    assertEquals(0, out.chunks.size());
    assertTrue(!out.ended, "a failed export must not end the stream as if complete");
  }

  @Test
  void writeTo_cancelledWhileWaiting_stopsWithoutEnding() {
    seed(StatsRepository.PAGE + 1);
    FakeStream out = new FakeStream();
    out.full = true;
    StatsExport export = hourlyExport();
    Future<Long> done = startOnContext(export, out);
    waitUntil(() -> out.drain != null, "the export waits for a drain");
    context.runOnContext(v -> {
      export.cancel();
      out.fireDrain();
    });
    assertThrows(IllegalStateException.class, () -> await(done));
    assertEquals(1, out.chunks.size());
    assertTrue(!out.ended);
  }

  @Test
  void writeTo_noRows_headerOnly() {
    FakeStream out = new FakeStream();
    assertEquals(0L, await(startOnContext(hourlyExport(), out)));
    assertEquals(StatsExport.HEADER, out.text());
    assertNull(out.drain);
  }

  @Test
  void writeTo_calledTwice_refused() {
    StatsExport export = hourlyExport();
    await(startOnContext(export, new FakeStream()));
    assertThrows(IllegalStateException.class, () -> export.writeTo(new FakeStream()));
  }

  @Test
  void filename_compactUtcInstants() {
    StatsExport export = new StatsService(store).export(
        StatsRange.of(Instant.parse("2026-11-20T06:30:00Z"), Instant.parse("2026-11-22T00:00:00.250Z")), Bucket.DAY);
    assertEquals("linkgate-stats-20261120T063000Z-20261122T000000Z.csv", export.filename());
  }

  @Test
  void field_specialCharacters_quotedPerRfc4180() {
    assertEquals("a1", StatsExport.field("a1"));
    assertEquals("\"a,b\"", StatsExport.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", StatsExport.field("say \"hi\""));
    assertEquals("\"a\r\nb\"", StatsExport.field("a\r\nb"));
  }

  /**
   * A write stream that records chunks and the drain handler. With {@code full} set, each write
   * fills its queue until the test {@linkplain #fireDrain drains} it, like a slow client.
   */
  private static final class FakeStream implements WriteStream<Buffer> {
    final List<Buffer> chunks = new ArrayList<>();
    volatile boolean full;
    volatile boolean queued;
    volatile boolean ended;
    volatile Handler<Void> drain;

    String text() {
      StringBuilder all = new StringBuilder();
      synchronized (chunks) {
        chunks.forEach(b -> all.append(b.toString()));
      }
      return all.toString();
    }

    void fireDrain() {
      Handler<Void> h = drain;
      assertNotNull(h, "no drain handler registered");
      queued = false;
      h.handle(null);
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      synchronized (chunks) {
        chunks.add(data);
      }
      queued = full;
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      ended = true;
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return queued;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      drain = handler;
      return this;
    }
  }
}
