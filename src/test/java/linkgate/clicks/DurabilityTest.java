package linkgate.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import linkgate.testing.ChildGateway;
import linkgate.testing.Load;
import linkgate.testing.StoreProbe;
import linkgate.testing.TestGateway;
import linkgate.testing.Wait;
import linkgate.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Reliability section, with real processes: SIGTERM under load loses nothing, kill -9 loses
 * nothing in strict mode and at most the last flush interval's clicks in buffered mode. Counts are
 * read back through the stats API of linkgate restarted on the same store.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class DurabilityTest {
  @Parameter
  TestGateway.StoreKind store;

  private static final String ARTICLE = "a1";

  /** Starts a child on a fresh store with one article, created in-process before the child runs. */
  private static ChildGateway child(TestGateway.Builder builder) {
    try (TestGateway setup = builder.start()) {
      setup.putArticle(ARTICLE, "https://example.org/a1", "A1");
    }
    // The child's clock is the real one: tokens are minted with the system clock.
    return ChildGateway.start(builder.yaml(), builder.dataDir());
  }

  private static String bearer(int reader) {
    return "Bearer " + Tokens.reader(java.time.Clock.systemUTC(), "reader-" + reader).sign();
  }

  /** A gateway on the same store as {@code builder}'s, to read what the stopped child left. */
  private static JsonObject summaryAfterRestart(TestGateway.Builder builder) {
    // The child counted on the real clock: ask for the hours around now.
    Instant now = Instant.now();
    String range = "from=" + now.minus(Duration.ofHours(2)) + "&to=" + now.plus(Duration.ofHours(2));
    try (TestGateway gw = builder.start()) {
      var r = gw.admin(HttpMethod.GET, "/admin/api/stats/summary?" + range, null);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      return r.bodyAsJsonObject();
    }
  }

  @Test
  void sigterm_buffered_underLoad_exits0_andEvery302IsInTheStatsAfterRestart() throws Exception {
    TestGateway.Builder b = TestGateway.on(store).with("clicks.flushInterval", "10m"); // nothing flushes on its own
    long redirected;
    try (ChildGateway child = child(b); Load load = new Load(child.port(), 16, n -> new String[] {"/go/" + ARTICLE, bearer(n % 20)})) {
      Wait.until(() -> load.redirected() > 300, 20_000);
      long signalledAt = System.nanoTime();
      assertEquals(0, child.terminate(), child.log()); // SIGTERM with 16 requests in flight
      assertTrue(child.log().contains("stopped cleanly"), child.log());
      load.stop();
      redirected = load.redirected();
      assertTrue(load.redirectedSince(signalledAt) > 0, "the load ran on across the signal");
    }
    JsonObject summary = summaryAfterRestart(b);
    assertEquals(redirected, summary.getLong("clicks"), "stored clicks == 302s received; " + summary);
    assertEquals(20, summary.getLong("uniqueReaders"), summary.toString());
  }

  @Test
  void kill9_strict_losesNoRedirectedClick_journalHoldsNoSub() throws Exception {
    TestGateway.Builder b = TestGateway.on(store).with("clicks.durability", "strict");
    long redirected;
    long sent;
    try (ChildGateway child = child(b); Load load = new Load(child.port(), 16,
        n -> new String[] {"/go/" + ARTICLE, bearer(n % 50)})) {
      Wait.until(() -> load.redirected() > 500, 20_000);
      child.kill();
      load.stop();
      redirected = load.redirected();
      sent = load.sent();
    }
    Path journal = Path.of(b.config().store().path().toAbsolutePath() + ".strict-journal");
    if (store == TestGateway.StoreKind.EMBEDDED) {
      String bytes = new String(Files.readAllBytes(journal), StandardCharsets.ISO_8859_1);
      assertFalse(bytes.contains("reader-"), "the journal holds a raw sub");
      System.out.printf("strict kill -9: journal of %d bytes left%n", bytes.length());
    }
    // Restart on the same store: the embedded store's journal is written at start-up.
    JsonObject summary = summaryAfterRestart(b);
    long stored = summary.getLong("clicks");
    assertTrue(stored >= redirected, "stored " + stored + " < redirected " + redirected);
    assertTrue(stored <= sent, "stored " + stored + " > sent " + sent);
    assertEquals(50, summary.getLong("uniqueReaders"), summary.toString()); // replayed readers are the same readers
  }

  @Test
  void kill9_buffered_losesAtMostTheLastFlushInterval() throws Exception {
    long flushMillis = 500;
    TestGateway.Builder b = TestGateway.on(store).with("clicks.flushInterval", flushMillis + "ms");
    long killedAt;
    Load load;
    try (ChildGateway child = child(b)) {
      load = new Load(child.port(), 16, n -> new String[] {"/go/" + ARTICLE, bearer(n % 50)});
      long loadStarted = System.nanoTime();
      // Run long enough (3 s) that most clicks are older than one flush interval.
      Wait.until(() -> load.redirected() > 2000 && System.nanoTime() - loadStarted > 3_000_000_000L, 30_000);
      killedAt = System.nanoTime();
      child.kill();
      load.stop();
    }
    long stored = StoreProbe.of(b.config()).storedClicks();
    long redirected = load.redirected();
    long sent = load.sent();
    // The promise: a crash loses at most the clicks of the last flushInterval. Every 302 the
    // client received earlier than that before the kill must be on disk.
    long lastInterval = load.redirectedSince(killedAt - TimeUnit.MILLISECONDS.toNanos(flushMillis));
    load.close();
    long lost = redirected - stored;
    System.out.printf("buffered kill -9: redirected %d, stored %d, lost %d; 302s in the last flushInterval %d%n",
        redirected, stored, lost, lastInterval);
    assertTrue(lost <= lastInterval, "lost " + lost + " > the " + lastInterval + " 302s of the last " + flushMillis + " ms");
    assertTrue(stored <= sent, "stored " + stored + " > sent " + sent);
  }
}
