package linkgate.clicks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import linkgate.config.LinkgateConfig;
import linkgate.store.Store;
import linkgate.store.TimeBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts clicks and blocked attempts off the request path.
 *
 * <p>{@link #click} and {@link #blocked} only append to a buffer owned by the calling thread (one
 * per event loop, so event loops never contend), in O(1). This verticle's context drains the
 * buffers every {@code clicks.flushInterval} (less what the store takes to put a write on disk,
 * so that a crash loses at most one interval), aggregates them and writes one transaction per
 * batch. A failed write keeps the batch (bounded by {@code clicks.maxPending} entries, of which
 * blocked attempts on ids that may be no article take at most half; beyond it new entries are
 * dropped and counted) and retries with back-off. {@link #commit} is the strict path:
 * the returned future completes once the click is committed, and clicks arriving while a commit
 * runs share the next one (group commit).
 *
 * <p>Thread-safe: the public methods may be called from any thread.
 */
public final class ClickRecorder extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClickRecorder.class);
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final long DRAIN_TIMEOUT_MILLIS = 30_000;
  private static final long MERGE_MILLIS = 30_000;
  private static final long MIN_PERIOD_MILLIS = 10;
  /** Writes whose duration the flush schedule allows for (the longest of them). */
  private static final int RECENT_WRITES = 8;

  private final ClickRepository repository;
  private final ClickLogMerger merger;
  private final StrictJournal journal; // null: strict clicks are committed to the store directly
  private final Clock clock;
  private final long flushMillis;
  private final int maxPending;
  private final boolean strict;
  private final ThreadLocal<Shard> shard = ThreadLocal.withInitial(this::newShard);
  private final List<Shard> shards = new CopyOnWriteArrayList<>();

  // Owned by this verticle's context.
  private ClickBatch backlog = new ClickBatch();
  private ClickBatch inFlight; // the buffered batch being written, null when none: it counts against the bound
  private boolean tickDeferred; // a flush came while a write ran: flush as soon as it ends
  private final long[] recentWriteNanos = new long[RECENT_WRITES];
  private int writesTimed;
  private List<StrictClick> strictPending = new ArrayList<>();
  /** Strict clicks handed over by event loops, taken into strictPending on this context. */
  private final Queue<StrictClick> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean incomingScheduled = new AtomicBoolean();
  private boolean writing;
  private boolean journaling;
  private long journaledSeq; // last sequence number appended to the journal
  private int failures;
  private long retryAtNanos = System.nanoTime(); // back-off runs on real time, not the clicks' clock
  private long timerId = -1;
  private long mergeTimerId = -1;
  private boolean merging;
  private volatile long pendingGauge;
  private volatile long oldestGauge = Long.MAX_VALUE;
  private volatile boolean failing;

  private final Counter recorded;
  private final Counter recordedBlocked;
  private final Counter dropped;
  private final Counter droppedBlocked;
  private final Counter writeFailures;
  private final Timer flushTimer;
  private final DistributionSummary batchSize;

  private ClickRecorder(ClickRepository repository, ClickLogMerger merger, StrictJournal journal,
      LinkgateConfig.Clicks config, Clock clock, MeterRegistry metrics) {
    this.repository = repository;
    this.merger = merger;
    this.journal = journal;
    this.clock = clock;
    this.flushMillis = config.flushInterval().toMillis();
    this.maxPending = config.maxPending();
    this.strict = config.durability() == LinkgateConfig.Durability.STRICT;
    this.recorded = Counter.builder("linkgate.clicks.recorded").description("Clicks written to the store").register(metrics);
    this.recordedBlocked = Counter.builder("linkgate.blocked.recorded")
        .description("Blocked attempts written to the store (before the existing-article filter)").register(metrics);
    this.dropped = Counter.builder("linkgate.clicks.dropped")
        .description("Clicks dropped because the buffer was full (clicks.maxPending)").register(metrics);
    this.droppedBlocked = Counter.builder("linkgate.blocked.dropped")
        .description("Blocked attempts dropped because the buffer, or its half for blocked attempts, was full")
        .register(metrics);
    this.writeFailures = Counter.builder("linkgate.store.write.failures").description("Failed click writes").register(metrics);
    this.flushTimer = Timer.builder("linkgate.store.flush").description("Duration of a click write").register(metrics);
    this.batchSize = DistributionSummary.builder("linkgate.store.flush.batch")
        .description("Clicks and blocked attempts per write").register(metrics);
    Gauge.builder("linkgate.clicks.buffer.depth", this, ClickRecorder::pending)
        .description("Clicks and blocked attempts not yet written").register(metrics);
    Gauge.builder("linkgate.clicks.buffer.oldest.age.seconds", this, ClickRecorder::oldestAgeSeconds)
        .description("Age of the oldest click not yet written").register(metrics);
  }

  /**
   * Creates the recorder for {@code store} (loads the reader-hash key); deploy it to start it.
   *
   * @param journalFile the strict journal of the embedded store, or null (buffered mode, or
   *     PostgreSQL, whose commits are durable when they return); clicks an earlier process
   *     journaled but did not write are written first
   */
  public static Future<ClickRecorder> create(Store store, LinkgateConfig.Clicks config, Clock clock,
      MeterRegistry metrics, java.nio.file.Path journalFile) {
    return ReaderIds.load(store).compose(readers -> {
      ClickRepository repository = new ClickRepository(store, readers);
      StrictJournal journal = journalFile == null ? null : new StrictJournal(journalFile, readers);
      Future<Void> replayed = journal == null ? Future.succeededFuture() : replay(repository, journal);
      return replayed.map(x -> new ClickRecorder(repository, new ClickLogMerger(store), journal, config, clock, metrics));
    });
  }

  /** Writes what an earlier process journaled but did not write, then opens the journal afresh. */
  private static Future<Void> replay(ClickRepository repository, StrictJournal journal) {
    return repository.journalWatermark().compose(watermark -> {
      List<StrictJournal.Entry> entries;
      try {
        entries = journal.read();
      } catch (java.io.IOException e) {
        return Future.failedFuture(new IllegalStateException("cannot read the strict-click journal: " + e, e));
      }
      ClickBatch batch = new ClickBatch(true); // the journal holds readers' hashes, not their subs
      long last = watermark;
      for (StrictJournal.Entry e : entries) {
        if (e.seq() > watermark) {
          batch.click(e.articleId(), e.readerHash(), e.millis(), Integer.MAX_VALUE);
        }
        last = Math.max(last, e.seq());
      }
      batch.journalSeq = batch.isEmpty() ? 0 : last;
      if (!batch.isEmpty()) {
        LOG.info("writing {} strict clicks journaled before the last stop", batch.clicks);
      }
      long next = last;
      return repository.write(List.of(batch)).compose(x -> {
        try {
          journal.open(next);
          return Future.succeededFuture();
        } catch (java.io.IOException e) {
          return Future.failedFuture(new IllegalStateException("cannot open the strict-click journal: " + e, e));
        }
      });
    });
  }

  /** A recorder without a journal (tests, benchmarks). */
  public static Future<ClickRecorder> create(
      Store store, LinkgateConfig.Clicks config, Clock clock, MeterRegistry metrics) {
    return create(store, config, clock, metrics, null);
  }

  /** Whether clicks must be committed before the redirect ({@code durability: strict}). */
  public boolean strict() {
    return strict;
  }

  /** Records a click (buffered mode). Enqueue only; never blocks. */
  public void click(String articleId, String sub) {
    shard.get().add(new Event(articleId, sub, clock.millis()));
  }

  private void takeIncoming() {
    incomingScheduled.set(false); // before polling: a click added after the poll schedules a new turn
    moveIncoming();
    if (journal != null) {
      journalIfIdle();
    } else {
      writeIfIdle();
    }
  }

  private void moveIncoming() {
    for (StrictClick c; (c = incoming.poll()) != null; ) {
      strictPending.add(c);
    }
  }

  /** Records a blocked attempt; counted only if the article exists when it is written. */
  public void blocked(String articleId) {
    shard.get().add(new Event(articleId, null, clock.millis()));
  }

  /**
   * Records a click and completes once it is committed (strict mode), on the caller's context.
   * Fails when the store refuses it; the click is then not counted.
   */
  public Future<Void> commit(String articleId, String sub) {
    Context caller = Vertx.currentContext();
    Promise<Void> done = Promise.promise();
    incoming.add(new StrictClick(new Event(articleId, sub, clock.millis()), done, caller));
    // One hop to this verticle's context for all the clicks that arrive before it runs, not one
    // per click: each hop wakes another thread.
    if (incomingScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> takeIncoming());
    }
    return done.future();
  }

  /**
   * Clicks and blocked attempts not yet written: those taken from the event loops at the last
   * flush and still unwritten, plus those the event loops hold for the next flush.
   */
  public long pending() {
    long n = pendingGauge;
    for (Shard s : shards) {
      n += s.size();
    }
    return n;
  }

  /**
   * Of {@link #pending}, those taken from the event loops at the last flush, when the bound
   * ({@code clicks.maxPending}) was applied to them; the rest wait in the event loops. Tests.
   */
  long taken() {
    return pendingGauge;
  }

  /** True while writes are failing (the store is down or full). */
  public boolean failing() {
    return failing;
  }

  /** Age of the oldest unwritten click in milliseconds, 0 when none. */
  public long oldestPendingAgeMillis() {
    long oldest = oldestGauge;
    for (Shard s : shards) {
      oldest = Math.min(oldest, s.oldestMillis());
    }
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest);
  }

  private double oldestAgeSeconds() {
    return oldestPendingAgeMillis() / 1000.0;
  }

  @Override
  public Future<?> start() {
    scheduleTick();
    mergeTimerId = vertx.setPeriodic(MERGE_MILLIS, id -> mergeLog());
    return Future.succeededFuture();
  }

  /**
   * The next flush. A click waits for the flush after it, then for that write, then for the store
   * to put the commit on disk (its write delay): the flush comes that much sooner than
   * flushInterval, so that a crash loses at most one flushInterval of clicks.
   */
  private void scheduleTick() {
    timerId = vertx.setTimer(flushPeriodMillis(), id -> {
      tick();
      scheduleTick();
    });
  }

  /** flushInterval less the store's write delay and the longest recent write, at least 10 ms. */
  private long flushPeriodMillis() {
    long longest = 0;
    for (long nanos : recentWriteNanos) {
      longest = Math.max(longest, nanos);
    }
    long writeMillis = TimeUnit.NANOSECONDS.toMillis(longest + 999_999);
    return Math.max(MIN_PERIOD_MILLIS, flushMillis - repository.writeDelayMillis() - writeMillis);
  }

  /** Writes every buffered click before the verticle stops (graceful shutdown). */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    vertx.cancelTimer(mergeTimerId);
    Promise<Void> drained = Promise.promise();
    drain(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MILLIS), drained);
    return drained.future();
  }

  /** Merges the click log in the background; a failure is retried at the next turn. */
  private void mergeLog() {
    if (merging || failing) {
      return;
    }
    merging = true;
    merger.mergeSome(TimeBuckets.hour(clock.millis()), vertx).onComplete(done -> {
      merging = false;
      if (done.failed()) {
        LOG.debug("click log merge failed; it will be tried again: {}", done.cause().toString());
      }
    });
  }

  private void tick() {
    collect();
    if (writing) {
      tickDeferred = true; // written as soon as the running write ends, not one period later
    } else {
      writeIfIdle();
    }
  }

  /** Moves the per-thread buffers into the backlog, within the bound (what is being written counts). */
  private void collect() {
    int held = inFlight == null ? 0 : inFlight.entries();
    int heldBlocked = inFlight == null ? 0 : inFlight.blockedOnlyEntries();
    for (Shard s : shards) {
      for (Event e : s.take()) {
        if (e.sub() == null) {
          if (!backlog.blocked(e.articleId(), e.millis(), maxPending - held, maxPending / 2 - heldBlocked)) {
            droppedBlocked.increment();
          }
        } else if (!backlog.click(e.articleId(), e.sub(), e.millis(), maxPending - held)) {
          dropped.increment();
        }
      }
    }
    updateGauges();
  }

  /**
   * Group journaling: every strict click that arrived while the previous append ran is appended
   * in one write; once written, each is confirmed and joins the buffered clicks for the store.
   */
  private void journalIfIdle() {
    if (journaling || strictPending.isEmpty()) {
      return;
    }
    List<StrictClick> group = strictPending;
    strictPending = new ArrayList<>();
    List<Event> events = new ArrayList<>(group.size());
    group.forEach(c -> events.add(c.event()));
    journaling = true;
    context.executeBlocking(() -> journal.append(events), true).onComplete(appended -> {
      journaling = false;
      if (appended.succeeded()) {
        journaledSeq = appended.result();
        for (Event e : events) {
          backlog.click(e.articleId(), e.sub(), e.millis(), Integer.MAX_VALUE); // confirmed: never dropped
        }
        backlog.journalSeq = Math.max(backlog.journalSeq, journaledSeq);
        StrictClick.completeAll(group, null);
        updateGauges();
      } else {
        writeFailures.increment();
        LOG.warn("strict-click journal write failed: {}", appended.cause().toString());
        StrictClick.completeAll(group, appended.cause());
      }
      journalIfIdle();
    });
  }

  /**
   * Empties the journal once the store holds everything in it on disk: the store's commit alone
   * may reach the file only after its write delay, so it is made durable first (one CHECKPOINT
   * per flush, not per click).
   */
  private void truncateJournalIfWritten(long writtenSeq) {
    if (journal == null || journaling || writtenSeq < journaledSeq || journaledSeq == 0) {
      return;
    }
    repository.persist()
        .compose(x -> journaling || writtenSeq < journaledSeq
            ? Future.<Void>succeededFuture() // more was journaled meanwhile: the next flush empties it
            : context.<Void>executeBlocking(() -> {
                journal.truncate();
                return null;
              }, true))
        .onFailure(e -> LOG.warn("strict-click journal not emptied yet: {}", e.toString()));
  }

  private void writeIfIdle() {
    if (writing) {
      return;
    }
    boolean retryDue = System.nanoTime() - retryAtNanos >= 0;
    boolean buffered = retryDue && !backlog.isEmpty();
    // With a journal, strict clicks go through journalIfIdle and reach the store as buffered ones.
    boolean strictHere = journal == null && !strictPending.isEmpty();
    if (!buffered && !strictHere) {
      return;
    }
    ClickBatch batch = buffered ? backlog : new ClickBatch();
    if (buffered) {
      backlog = new ClickBatch();
    }
    List<StrictClick> group = strictHere ? strictPending : List.of();
    if (strictHere) {
      strictPending = new ArrayList<>();
    }
    ClickBatch strictBatch = new ClickBatch();
    for (StrictClick c : group) {
      strictBatch.click(c.event().articleId(), c.event().sub(), c.event().millis(), Integer.MAX_VALUE);
    }
    writing = true;
    inFlight = batch;
    long started = System.nanoTime();
    // A strict click is acknowledged only once it is on disk, not merely committed.
    Future<Void> written = repository.write(List.of(batch, strictBatch));
    if (!group.isEmpty()) {
      written = written.compose(x -> repository.persist());
    }
    written.onComplete(result -> {
      writing = false;
      inFlight = null;
      long took = System.nanoTime() - started;
      flushTimer.record(took, TimeUnit.NANOSECONDS);
      if (result.succeeded()) {
        if (!batch.isEmpty()) {
          recentWriteNanos[writesTimed++ % RECENT_WRITES] = took;
        }
        failures = 0;
        failing = false;
        recorded.increment(batch.clicks + strictBatch.clicks);
        truncateJournalIfWritten(batch.journalSeq);
        recordedBlocked.increment(batch.blocked);
        batchSize.record(batch.size() + strictBatch.size());
        StrictClick.completeAll(group, null);
      } else {
        failures++;
        failing = true;
        writeFailures.increment();
        long backoff = Math.min(MAX_BACKOFF_MILLIS, flushMillis * (1L << Math.min(failures - 1, 16)));
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
        if (failures == 1 || failures % 10 == 0) {
          LOG.warn("click write failed ({} in a row), {} clicks kept for retry in {} ms: {}",
              failures, batch.size() + backlog.size(), backoff, result.cause().toString());
        }
        batch.absorb(backlog); // what arrived meanwhile goes after what we tried
        backlog = batch;
        StrictClick.completeAll(group, result.cause());
      }
      updateGauges();
      if (tickDeferred && result.succeeded()) {
        tickDeferred = false;
        collect();
        writeIfIdle();
      } else if (journal == null && !strictPending.isEmpty()) {
        writeIfIdle();
      }
    });
  }

  private void closeJournal() {
    if (journal != null) {
      try {
        journal.close();
      } catch (java.io.IOException e) {
        LOG.warn("closing the strict-click journal: {}", e.toString());
      }
    }
  }

  private void drain(long deadline, Promise<Void> drained) {
    collect();
    moveIncoming();
    if (journal != null) {
      journalIfIdle();
    }
    if (backlog.isEmpty() && strictPending.isEmpty() && !writing && !journaling) {
      closeJournal();
      drained.complete();
      return;
    }
    if (System.nanoTime() - deadline > 0) {
      String lost = backlog.clicks + " clicks and " + backlog.blocked + " blocked attempts";
      LOG.error("shutdown: could not write {} before the deadline; they are lost", lost);
      drained.fail("could not write " + lost);
      return;
    }
    retryAtNanos = System.nanoTime();
    writeIfIdle();
    vertx.setTimer(writing ? 20 : 200, id -> drain(deadline, drained));
  }

  private void updateGauges() {
    long strictCount = strictPending.size();
    pendingGauge = backlog.size() + strictCount;
    oldestGauge = backlog.oldestMillis;
  }

  private Shard newShard() {
    Shard s = new Shard();
    shards.add(s);
    return s;
  }

  /** A click (sub set) or a blocked attempt (sub null). */
  record Event(String articleId, String sub, long millis) {}

  /** A strict click waiting for its commit, and where to tell its caller. */
  private record StrictClick(Event event, Promise<Void> done, Context caller) {
    void complete(Throwable failure) {
      if (failure == null) {
        done.complete();
      } else {
        done.fail(failure);
      }
    }

    /** Tells every click of {@code group}, with one hop to each caller's context (not one per click). */
    static void completeAll(List<StrictClick> group, Throwable failure) {
      Map<Context, List<StrictClick>> byCaller = new IdentityHashMap<>();
      for (StrictClick c : group) {
        if (c.caller() == null) {
          c.complete(failure);
        } else {
          byCaller.computeIfAbsent(c.caller(), x -> new ArrayList<>()).add(c);
        }
      }
      byCaller.forEach((caller, clicks) -> caller.runOnContext(v -> clicks.forEach(c -> c.complete(failure))));
    }
  }

  /**
   * One thread's buffer. The lock is taken by its own thread on every add and by the writer
   * once per flush, so it is practically never contended.
   */
  private static final class Shard {
    private ArrayList<Event> events = new ArrayList<>();

    synchronized void add(Event e) {
      events.add(e);
    }

    synchronized int size() {
      return events.size();
    }

    /** The first event's time: events are added in time order (one event loop's clock reads). */
    synchronized long oldestMillis() {
      return events.isEmpty() ? Long.MAX_VALUE : events.get(0).millis();
    }

    synchronized List<Event> take() {
      if (events.isEmpty()) {
        return List.of();
      }
      List<Event> taken = events;
      events = new ArrayList<>(Math.max(16, taken.size()));
      return taken;
    }
  }
}
