package linkgate.clicks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import linkgate.config.LinkgateConfig;
import linkgate.store.Store;
import linkgate.store.Stores;
import linkgate.testing.TestGateway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The click path: {@link #record} is what a redirect pays (an enqueue), {@link #flush10k} writes
 * one batch of 10,000 clicks into a real embedded store (reported per click, so 1e9 / result =
 * clicks per second). Run with bench/jmh.sh ClickBench.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClickBench {
  private static final int BATCH = 10_000;

  /** Distinct readers in a 10,000-click batch: few (repeat readers) or many (all new). */
  @Param({"2000", "10000"})
  public int readers;

  private Vertx vertx;
  private Store store;
  private ClickRecorder recorder;
  private ClickRepository repository;
  private String[] ids;
  private String[] subs;
  private int n;
  private long hour;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench-data")), "clicks-");
    LinkgateConfig.Store config = new LinkgateConfig.Store(LinkgateConfig.StoreType.EMBEDDED,
        dir.resolve("linkgate"), null);
    store = TestGateway.await(Stores.open(vertx, config));
    LinkgateConfig.Clicks clicks = new LinkgateConfig.Clicks(Duration.ofMillis(100),
        LinkgateConfig.Durability.BUFFERED, 1_000_000);
    recorder = TestGateway.await(ClickRecorder.create(store, clicks, Clock.systemUTC(), new SimpleMeterRegistry()));
    TestGateway.await(vertx.deployVerticle(recorder));
    repository = new ClickRepository(store, TestGateway.await(ReaderIds.load(store)));
    ids = new String[200];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "article-" + i;
    }
    subs = new String[100_000];
    for (int i = 0; i < subs.length; i++) {
      subs[i] = "reader-" + i;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    TestGateway.await(vertx.undeploy(vertx.deploymentIDs().iterator().next()));
    TestGateway.await(store.close());
    TestGateway.await(vertx.close());
  }

  @Benchmark
  public void record() {
    int i = n++;
    recorder.click(ids[i & 127], subs[i & 65535]);
  }

  /** One write of 10,000 clicks; a new hour each time so that every batch inserts new rows. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void flush10k() {
    flush(++hour, (int) (hour * 7919) % subs.length);
  }

  /**
   * One write of 10,000 clicks into the same hour by the same readers: the steady state of a
   * busy hour, where most reader rows exist already and only counters change.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void flush10kSameHour() {
    flush(1_000_000, 0);
  }

  private void flush(long hour, int offset) {
    ClickBatch batch = new ClickBatch();
    long base = hour * 3_600_000L;
    for (int i = 0; i < BATCH; i++) {
      batch.click(ids[i % ids.length], subs[(offset + i % readers) % subs.length], base + i, Integer.MAX_VALUE);
    }
    TestGateway.await(repository.write(List.of(batch)));
  }
}
