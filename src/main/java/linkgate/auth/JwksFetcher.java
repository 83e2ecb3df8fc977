package linkgate.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import linkgate.config.LinkgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the keys of {@code session.jwksUri} in force: fetched at start-up, refreshed when the
 * answer's {@code Cache-Control: max-age} says (clamped to {@code session.jwksRefreshMin} ..
 * {@code session.jwksRefreshMax}; {@code session.jwksRefresh} without one), and refetched when a
 * token names an unknown kid, at most once per {@code session.jwksUnknownKidInterval}, with every
 * caller sharing the fetch in flight (single flight).
 *
 * <p>While fetches fail the last good keys stay in force, until they are older than
 * {@code session.jwksMaxStale}: then they are dropped (tokens signed with them are refused, fail
 * closed) and {@link #status()} says so. Failed fetches are retried with a back-off that doubles
 * from one second up to {@code session.jwksRefreshMin}.
 *
 * <p>Only the configured address is ever fetched: never a {@code jku}/{@code x5u} from a token, and
 * never a redirect (a {@code 3xx} is a failed fetch). The answer is capped at {@link #MAX_BYTES}
 * and the whole fetch at {@link #TIMEOUT}.
 *
 * <p>Thread-safe. Fetches run on the Vert.x context current when this was built; state changes
 * are serialised on this object. Time (ages, due dates, the unknown-kid interval) is read from the
 * injected clock, which a one-second timer consults, so tests can move it.
 */
public final class JwksFetcher {
  /** Largest JWKS answer taken, in bytes. */
  public static final int MAX_BYTES = 1024 * 1024;
  /** Longest a fetch may take, connection included. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(JwksFetcher.class);
  private static final long TICK_MILLIS = 1000;
  private static final long FIRST_RETRY_MILLIS = 1000;
  private static final int MAX_REPORTED = 1000;

  private final Vertx vertx;
  private final Context context;
  private final WebClient client;
  private final URI uri;
  private final LinkgateConfig.Jwks timing;
  private final SessionKeys keys;
  private final Clock clock;
  private final Counter fetchedOk;
  private final Counter fetchFailed;
  private final Set<String> reported = new LinkedHashSet<>();

  // Guarded by this.
  private Future<Void> inFlight;
  private long lastSuccess = -1;
  private long nextDue = Long.MIN_VALUE;
  private long lastUnknownKid = Long.MIN_VALUE;
  private int failures;
  private String lastError;
  private boolean expired;
  private long timer = -1;

  /** Nothing is fetched until {@link #start()}. */
  public JwksFetcher(Vertx vertx, LinkgateConfig.Session session, SessionKeys keys, Clock clock,
      MeterRegistry metrics) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.uri = session.jwksUri();
    this.timing = session.jwks();
    this.keys = keys;
    this.clock = clock;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setFollowRedirects(false)
        .setVerifyHost(true)
        .setTrustAll(false)
        .setUserAgent("linkgate")
        .setConnectTimeout((int) TIMEOUT.toMillis())
        .setIdleTimeout((int) TIMEOUT.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    this.fetchedOk = Counter.builder("linkgate.jwks.fetches").description("JWKS fetches by outcome")
        .tag("outcome", "ok").register(metrics);
    this.fetchFailed = Counter.builder("linkgate.jwks.fetches").description("JWKS fetches by outcome")
        .tag("outcome", "failed").register(metrics);
    Gauge.builder("linkgate.jwks.age.seconds", this, JwksFetcher::ageSeconds)
        .description("Age of the JWKS keys in force (-1 before the first good fetch)").register(metrics);
  }

  /**
   * Fetches the JWKS once and starts the refresh timer. The future always succeeds, when the
   * first fetch is done: a failed one is logged and retried, and {@link #status()} reports it (a
   * gateway that starts not ready is better than one that refuses to start while its identity
   * provider is briefly away).
   */
  public Future<Void> start() {
    Future<Void> first;
    synchronized (this) {
      first = fetch("start-up");
      timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
    }
    return first;
  }

  /** Stops refreshing. */
  public void close() {
    synchronized (this) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
    client.close();
  }

  /**
   * Asks for a fetch because a token named a kid no key has. Completes when that fetch (or the
   * one already in flight) is done; at once when one was triggered this way less than
   * {@code session.jwksUnknownKidInterval} ago. Never fails.
   */
  public synchronized Future<Void> refetchForUnknownKid() {
    if (inFlight != null) {
      return inFlight;
    }
    long now = clock.millis();
    if (lastUnknownKid != Long.MIN_VALUE && now >= lastUnknownKid
        && now - lastUnknownKid < timing.unknownKidInterval().toMillis()) {
      return Future.succeededFuture();
    }
    lastUnknownKid = now;
    return fetch("unknown kid");
  }

  /** Drops keys gone stale and fetches when a refresh is due. Runs every second; tests call it. */
  synchronized Future<Void> tick() {
    long now = clock.millis();
    expireIfStale(now);
    if (inFlight != null) {
      return inFlight;
    }
    if (now < nextDue) {
      return Future.succeededFuture();
    }
    return fetch("refresh");
  }

  /** When the next refresh is due, in clock millis. */
  synchronized long nextRefreshAtMillis() {
    return nextDue;
  }

  /** The state of the JWKS keys, for {@code /readyz}. */
  public synchronized KeyStatus status() {
    long now = clock.millis();
    expireIfStale(now);
    String error = lastError == null ? "" : " (last error: " + lastError + ")";
    if (lastSuccess < 0) {
      return new KeyStatus(false, "missing", "no JWKS fetched yet from " + uri + error);
    }
    long ageSeconds = (now - lastSuccess) / 1000;
    if (expired) {
      return new KeyStatus(false, "expired", "the JWKS keys were fetched " + ageSeconds + " s ago, longer ago"
          + " than session.jwksMaxStale (" + timing.maxStale().toSeconds() + " s): tokens signed with them are"
          + " refused until a fetch succeeds" + error);
    }
    if (failures > 0) {
      return new KeyStatus(true, "stale", "JWKS fetches fail; the keys fetched " + ageSeconds + " s ago stay in"
          + " force until they are " + timing.maxStale().toSeconds() + " s old" + error);
    }
    return KeyStatus.OK;
  }

  private synchronized double ageSeconds() {
    return lastSuccess < 0 ? -1 : (clock.millis() - lastSuccess) / 1000.0;
  }

  /** Fail closed: keys not confirmed within jwksMaxStale are no longer trusted. */
  private void expireIfStale(long now) {
    if (lastSuccess >= 0 && !expired && now - lastSuccess > timing.maxStale().toMillis()) {
      expired = true;
      keys.replaceJwks(List.of());
      LOG.error("JWKS keys from {} are {} s old, beyond session.jwksMaxStale: tokens signed with them are refused"
          + " until a fetch succeeds (last error: {})", uri, (now - lastSuccess) / 1000, lastError);
    }
  }

  /** Starts a fetch; the caller holds the lock and has checked that none is in flight. */
  private Future<Void> fetch(String why) {
    Promise<Void> done = Promise.promise();
    inFlight = done.future();
    context.runOnContext(v -> get().onComplete(result -> {
      finish(result.succeeded() ? result.result() : null, result.cause(), why);
      done.complete();
    }));
    return inFlight;
  }

  /** A fetched document and its max-age in seconds (-1 when the answer gave none). */
  private record Fetched(Buffer body, long maxAgeSeconds) {}

  private Future<Fetched> get() {
    Promise<Fetched> result = Promise.promise();
    LimitedBody body = new LimitedBody(MAX_BYTES);
    long deadline = vertx.setTimer(TIMEOUT.toMillis(), id -> {
      body.abort();
      result.tryFail(new TimeoutException("no complete answer within " + TIMEOUT.toSeconds() + " s"));
    });
    client.getAbs(uri.toString())
        .followRedirects(false)
        .putHeader(HttpHeaders.ACCEPT.toString(), "application/jwk-set+json, application/json")
        .as(body)
        .send()
        .onComplete(response -> {
          vertx.cancelTimer(deadline);
          if (response.failed()) {
            // The body's own reason (too large, too slow) is clearer than the reset it caused.
            Future<Buffer> own = body.result();
            result.tryFail(own.failed() ? own.cause() : response.cause());
          } else {
            HttpResponse<Buffer> r = response.result();
            if (r.statusCode() != 200) {
              String location = r.getHeader(HttpHeaders.LOCATION.toString());
              result.tryFail(new IllegalStateException("answered " + r.statusCode()
                  + (location == null ? "" : " with Location " + location + "; redirects are never followed,"
                      + " set session.jwksUri to the final address")));
            } else {
              result.tryComplete(new Fetched(r.body(), maxAgeSeconds(r.headers().getAll(HttpHeaders.CACHE_CONTROL))));
            }
          }
        });
    return result.future();
  }

  private synchronized void finish(Fetched fetched, Throwable failure, String why) {
    inFlight = null;
    long now = clock.millis();
    if (fetched != null) {
      try {
        accept(fetched, now);
        fetchedOk.increment();
        return;
      } catch (IllegalArgumentException e) {
        failure = e;
      }
    }
    fetchFailed.increment();
    failures++;
    lastError = describe(failure);
    long backoff = Math.min(timing.refreshMin().toMillis(),
        FIRST_RETRY_MILLIS << Math.min(failures - 1, 20));
    nextDue = now + backoff;
    LOG.warn("JWKS fetch ({}) from {} failed: {}; {}; next try in {} ms", why, uri, lastError,
        lastSuccess < 0 ? "no JWKS key is in force yet"
            : expired ? "the JWKS keys are past session.jwksMaxStale and refused"
            : "keeping the keys fetched " + (now - lastSuccess) / 1000 + " s ago",
        backoff);
  }

  private void accept(Fetched fetched, long now) {
    JwkSet.Parsed parsed = JwkSet.parse(fetched.body().getBytes(), uri.toString());
    for (String skipped : parsed.skipped()) {
      reportOnce("JWKS " + uri + ": " + skipped);
    }
    boolean changed = keys.replaceJwks(parsed.keys());
    Duration wait = refreshAfter(fetched.maxAgeSeconds());
    boolean recovered = failures > 0 || expired;
    lastSuccess = now;
    failures = 0;
    lastError = null;
    expired = false;
    nextDue = now + wait.toMillis();
    if (parsed.keys().isEmpty()) {
      reportOnce("JWKS " + uri + " holds no usable key: every token that names one of its kids is refused");
    }
    if (changed || recovered) {
      LOG.info("JWKS from {}: {} usable key{} ({}), next refresh in {} s", uri, parsed.keys().size(),
          parsed.keys().size() == 1 ? "" : "s",
          parsed.keys().stream().map(k -> k.kid() == null ? k.alg() : k.kid() + " " + k.alg()).toList(),
          wait.toSeconds());
    } else {
      LOG.debug("JWKS from {} unchanged, next refresh in {} s", uri, wait.toSeconds());
    }
  }

  /** max-age clamped to the floor and ceiling; the default interval when the answer gave none. */
  Duration refreshAfter(long maxAgeSeconds) {
    Duration wanted = maxAgeSeconds < 0 ? timing.refresh() : Duration.ofSeconds(maxAgeSeconds);
    if (wanted.compareTo(timing.refreshMin()) < 0) {
      return timing.refreshMin();
    }
    return wanted.compareTo(timing.refreshMax()) > 0 ? timing.refreshMax() : wanted;
  }

  /**
   * The smallest {@code max-age} of the Cache-Control headers (RFC 9111 §5.2.2.1); 0 for
   * {@code no-cache}/{@code no-store}; -1 when none says.
   */
  static long maxAgeSeconds(List<String> cacheControl) {
    long best = -1;
    for (String header : cacheControl) {
      for (String directive : header.split(",")) {
        String d = directive.strip().toLowerCase(Locale.ROOT);
        long value = -1;
        if (d.equals("no-cache") || d.equals("no-store")) {
          value = 0;
        } else if (d.startsWith("max-age=")) {
          String n = d.substring(8).replace("\"", "");
          if (n.matches("[0-9]{1,12}")) {
            value = Long.parseLong(n);
          }
        }
        if (value >= 0 && (best < 0 || value < best)) {
          best = value;
        }
      }
    }
    return best;
  }

  private void reportOnce(String message) {
    if (reported.size() >= MAX_REPORTED) {
      reported.clear();
    }
    if (reported.add(message)) {
      LOG.warn(message);
    }
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String message = message(t);
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    // "Failed to create SSL connection" alone does not say that the certificate is not trusted.
    return root == t ? message : message + " (" + message(root) + ")";
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  /**
   * The answer's body, refused once it passes {@code max} bytes or after {@link #abort()}: the
   * failed write makes the client reset the connection instead of reading on.
   */
  private static final class LimitedBody implements BodyCodec<Buffer>, BodyStream<Buffer> {
    private final int max;
    private final Buffer buffer = Buffer.buffer();
    private final Promise<Buffer> result = Promise.promise();
    private volatile boolean aborted;

    LimitedBody(int max) {
      this.max = max;
    }

    void abort() {
      aborted = true;
    }

    @Override
    public BodyStream<Buffer> stream() {
      return this;
    }

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (aborted) {
        result.tryFail(new TimeoutException("no complete answer within " + TIMEOUT.toSeconds() + " s"));
        return Future.failedFuture("aborted");
      }
      if (buffer.length() + data.length() > max) {
        IllegalStateException tooLarge =
            new IllegalStateException("the answer is larger than " + max + " bytes");
        result.tryFail(tooLarge);
        return Future.failedFuture(tooLarge);
      }
      buffer.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      result.tryComplete(buffer);
      return Future.succeededFuture();
    }

    @Override
    public void handle(Throwable failure) {
      result.tryFail(failure);
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
