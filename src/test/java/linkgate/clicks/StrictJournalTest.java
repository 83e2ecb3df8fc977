package linkgate.clicks;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import linkgate.config.LinkgateConfig;
import linkgate.stats.StatsRange;
import linkgate.stats.StatsService;
import linkgate.store.Store;
import linkgate.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The strict journal holds readers' keyed hashes, never their subs, and a journal left by a
 * crashed process is replayed into exact clicks and unique readers: a replayed reader is the same
 * reader as when it clicks again live.
 */
class StrictJournalTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:15:00Z");
  private static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);
  private static final StatsRange HOUR = StatsRange.of(Instant.parse("2026-11-24T10:00:00Z"),
      Instant.parse("2026-11-24T11:00:00Z"));
  private static final LinkgateConfig.Clicks STRICT = new LinkgateConfig.Clicks(Duration.ofMillis(100),
      LinkgateConfig.Durability.STRICT, 1_000_000);

  private Vertx vertx;
  private Store store;
  private Path journalFile;

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data").toAbsolutePath()), "journal-");
    store = await(Stores.open(vertx, new LinkgateConfig.Store(LinkgateConfig.StoreType.EMBEDDED, dir.resolve("linkgate"), null)));
    journalFile = dir.resolve("linkgate.strict-journal");
  }

  @AfterEach
  void tearDown() {
    await(store.close());
    await(vertx.close());
  }

  private static ClickRecorder.Event click(String sub) {
    return new ClickRecorder.Event("a1", sub, AT.toEpochMilli());
  }

  /** Journals clicks as a process that crashed before writing them to the store would have. */
  private void journalAndCrash(List<ClickRecorder.Event> events) throws IOException {
    StrictJournal journal = new StrictJournal(journalFile, await(ReaderIds.load(store)));
    journal.open(0);
    journal.append(events);
    journal.close();
  }

  /** Starts a recorder on the journal (replaying it), records {@code liveSubs} and stops it. */
  private void restartAndClick(String... liveSubs) {
    ClickRecorder recorder = await(ClickRecorder.create(store, STRICT, CLOCK, new SimpleMeterRegistry(), journalFile));
    String id = await(vertx.deployVerticle(recorder));
    for (String sub : liveSubs) {
      await(recorder.commit("a1", sub));
    }
    await(vertx.undeploy(id));
  }

  @Test
  void append_strictClicks_journalHoldsHashesNotSubs() throws IOException {
    ReaderIds readers = await(ReaderIds.load(store));
    journalAndCrash(List.of(click("alice@example.org"), click("bob@example.org")));

    String bytes = new String(Files.readAllBytes(journalFile), StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains("alice"), bytes);
    assertFalse(bytes.contains("bob"), bytes);
    List<StrictJournal.Entry> entries = new StrictJournal(journalFile, readers).read();
    assertEquals(List.of(readers.hash("alice@example.org"), readers.hash("bob@example.org")),
        entries.stream().map(StrictJournal.Entry::readerHash).toList());
  }

  @Test
  void replay_afterCrash_exactClicksAndReadersThatMatchLiveOnes() throws IOException {
    journalAndCrash(List.of(click("alice"), click("bob"), click("alice")));

    restartAndClick("alice", "carol"); // alice again: the same reader as her journaled clicks

    StatsService.Totals totals = await(new StatsService(store).summary(HOUR));
    assertEquals(new StatsService.Totals(5, 3, 0), totals);
    restartAndClick(); // what the journal still holds is in the store already: nothing is added
    assertEquals(totals, await(new StatsService(store).summary(HOUR)));
  }

  @Test
  void replay_journalOfEarlierVersionWithRawSubs_hashedAndCounted() throws IOException {
    // Version 1 had no header and held the raw sub.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    long seq = 0;
    for (String sub : List.of("alice", "bob")) {
      out.writeLong(++seq);
      out.writeLong(AT.toEpochMilli());
      out.writeUTF("a1");
      out.writeUTF(sub);
    }
    Files.write(journalFile, bytes.toByteArray());

    restartAndClick("bob");

    assertEquals(new StatsService.Totals(3, 2, 0), await(new StatsService(store).summary(HOUR)));
    String after = new String(Files.readAllBytes(journalFile), StandardCharsets.ISO_8859_1);
    assertFalse(after.contains("alice") || after.contains("bob"), after);
  }
}
