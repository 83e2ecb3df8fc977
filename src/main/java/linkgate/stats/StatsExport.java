package linkgate.stats;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV export, streamed: {@code bucket,id,clicks,uniqueReaders,blocked}, one row per article per
 * bucket with data, ordered by bucket then id (code-point order), the bucket as its ISO-8601 start
 * (UTC). Lines end in CRLF and fields are quoted only when they need it (RFC 4180 §2).
 *
 * <p>Rows are read {@value StatsRepository#PAGE} at a time with keyset pagination and each page is
 * written as one chunk, so memory stays bounded by a page however long the export is. The next
 * page is read only when the stream can take more ({@code writeQueueFull} / {@code drainHandler}),
 * so a slow client slows the export instead of filling memory.
 *
 * <p>One use only. {@link #writeTo} and {@link #cancel} must be called on the stream's context
 * (the request's event loop); pages complete on it.
 */
public final class StatsExport {
  /** The header line. */
  public static final String HEADER = "bucket,id,clicks,uniqueReaders,blocked\r\n";

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final StatsRepository repository;
  private final StatsRange range;
  private final Bucket bucket;
  private final List<Source> sources = new ArrayList<>(3);
  private int current;
  private long rows;
  private boolean started;
  private boolean cancelled;

  StatsExport(StatsRepository repository, StatsRange range, Bucket bucket) {
    this.repository = repository;
    this.range = range;
    this.bucket = bucket;
    if (bucket == Bucket.HOUR) {
      sources.add(new Keyset(true, range.fromHour(), range.toHourExclusive()));
    } else {
      // Parts are in time order and each partial day lies before or after every whole day, so
      // reading the parts one after the other keeps the rows in bucket order.
      for (StatsRange.Part part : range.parts()) {
        sources.add(part.wholeDays()
            ? new Keyset(false, part.start(), part.end())
            : new PartialDay(part.start(), part.end(), part.firstDay()));
      }
    }
  }

  /**
   * A file name for {@code Content-Disposition}: {@code linkgate-stats-<from>-<to>.csv} with the
   * instants written {@code 20261124T100000Z} (no colons, which some file systems refuse).
   */
  public String filename() {
    return "linkgate-stats-" + FILE_TIME.format(range.from()) + "-" + FILE_TIME.format(range.to()) + ".csv";
  }

  /**
   * Writes the header and every row to {@code out}, then ends it. Nothing is written before the
   * first page has been read, so a store that fails at once leaves {@code out} untouched (an HTTP
   * response can still answer 503). Fails, without ending {@code out}, when a read fails or when
   * {@link #cancel} was called; succeeds with the number of rows written.
   */
  public Future<Long> writeTo(WriteStream<Buffer> out) {
    if (started) {
      throw new IllegalStateException("an export is written once");
    }
    started = true;
    Promise<Long> done = Promise.promise();
    pump(out, done, true);
    return done.future();
  }

  /** Stops after the page being read (call when the client goes away). */
  public void cancel() {
    cancelled = true;
  }

  private void pump(WriteStream<Buffer> out, Promise<Long> done, boolean first) {
    if (cancelled) {
      done.tryFail(new IllegalStateException("export cancelled after " + rows + " rows"));
      return;
    }
    if (out.writeQueueFull()) {
      out.drainHandler(v -> {
        out.drainHandler(null); // one pump at a time: later drains must not start another
        pump(out, done, first);
      });
      return;
    }
    nextPage().onComplete(read -> {
      if (read.failed()) {
        done.tryFail(read.cause());
        return;
      }
      List<StatsRepository.ExportRow> page = read.result();
      if (page.isEmpty()) {
        Future<Void> ended = first ? out.end(Buffer.buffer(HEADER)) : out.end();
        ended.onComplete(e -> {
          if (e.succeeded()) {
            done.tryComplete(rows);
          } else {
            done.tryFail(e.cause());
          }
        });
        return;
      }
      Buffer chunk = Buffer.buffer(page.size() * 56 + (first ? HEADER.length() : 0));
      if (first) {
        chunk.appendString(HEADER);
      }
      for (StatsRepository.ExportRow row : page) {
        appendRow(chunk, row);
      }
      rows += page.size();
      out.write(chunk).onFailure(e -> cancel()); // the connection closed under us
      pump(out, done, false);
    });
  }

  private void appendRow(Buffer chunk, StatsRepository.ExportRow row) {
    Instant start = bucket == Bucket.HOUR ? StatsRange.hourStart(row.bucket()) : StatsRange.dayStart(row.bucket());
    StringBuilder line = new StringBuilder(64)
        .append(start).append(',')
        .append(field(row.articleId())).append(',')
        .append(row.clicks()).append(',')
        .append(row.uniqueReaders()).append(',')
        .append(row.blocked()).append("\r\n");
    chunk.appendString(line.toString());
  }

  /**
   * A CSV field: as is, or in double quotes with inner quotes doubled when it holds a comma, a
   * quote, CR or LF (RFC 4180 §2.6–2.7). Article ids cannot hold any of them today, and cannot
   * start with {@code = + - @} either, so spreadsheet formula injection (OWASP "CSV Injection")
   * does not arise; the quoting keeps the file valid should the id rules ever widen.
   */
  static String field(String value) {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /** The next non-empty page across the sources, or an empty list when all are read. */
  private Future<List<StatsRepository.ExportRow>> nextPage() {
    while (current < sources.size() && sources.get(current).exhausted()) {
      current++;
    }
    if (current == sources.size()) {
      return Future.succeededFuture(List.of());
    }
    return sources.get(current).next().compose(page -> page.isEmpty() ? nextPage() : Future.succeededFuture(page));
  }

  /** Pages of one part of the range. */
  private interface Source {
    Future<List<StatsRepository.ExportRow>> next();

    boolean exhausted();
  }

  /** Rows of an hour or day table in (bucket, id) order, after the last row returned. */
  private final class Keyset implements Source {
    private final boolean hours;
    private final int start;
    private final int end;
    private int lastBucket;
    private String lastId = "";
    private boolean exhausted;

    Keyset(boolean hours, int start, int end) {
      this.hours = hours;
      this.start = start;
      this.end = end;
      this.lastBucket = start - 1; // before the first bucket: every row of [start, end) follows it
    }

    @Override
    public Future<List<StatsRepository.ExportRow>> next() {
      return repository.exportPage(hours, start, end, lastBucket, lastId)
          .map(page -> {
            exhausted = page.size() < StatsRepository.PAGE;
            if (!page.isEmpty()) {
              StatsRepository.ExportRow last = page.get(page.size() - 1);
              lastBucket = last.bucket();
              lastId = last.articleId();
            }
            return page;
          });
    }

    @Override
    public boolean exhausted() {
      return exhausted;
    }
  }

  /** The hours of one partly covered day, summed per article, in id order. */
  private final class PartialDay implements Source {
    private final int start;
    private final int end;
    private final int day;
    private String lastId = "";
    private boolean exhausted;

    PartialDay(int start, int end, int day) {
      this.start = start;
      this.end = end;
      this.day = day;
    }

    @Override
    public Future<List<StatsRepository.ExportRow>> next() {
      return repository.exportSpanPage(start, end, day, lastId).map(page -> {
        exhausted = page.size() < StatsRepository.PAGE;
        if (!page.isEmpty()) {
          lastId = page.get(page.size() - 1).articleId();
        }
        return page;
      });
    }

    @Override
    public boolean exhausted() {
      return exhausted;
    }
  }
}
