package linkgate.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The format of {@code click_log.entries}: per article, the clicks, the blocked attempts and the
 * readers (numbered, see {@code linkgate_readers}) of one hour, as written by one flush or merged
 * from several.
 *
 * <p>Why a log of compact blobs instead of counter rows and one row per (article, hour, reader): a
 * flush then writes one row per hour, however many articles and readers it holds, where row-wise
 * tables cost a B-tree update per article and per new reader (most of a redirect's CPU in the
 * benchmark); and a month's exact unique count reads about 720 blobs (one per hour once merged)
 * instead of millions of rows through {@code COUNT(DISTINCT)}, which H2 does at about a
 * microsecond a row.
 *
 * <p>Layout: a version byte (1), the number of articles, then per article in id order: the id
 * (length-prefixed ASCII), clicks, blocked attempts, the number of readers, the byte length of the
 * reader list, and the reader numbers ascending as varint deltas. The byte length lets a reader
 * skip what it does not ask for. Stateless and thread-safe.
 */
public final class ClickLog {
  private static final int VERSION = 1;

  private ClickLog() {}

  /** One article's hour: counts and the distinct readers, ascending. */
  public record Entry(long clicks, long blocked, long[] readers) {}

  /** Receives an article's counts; called once per article and blob. */
  @FunctionalInterface
  public interface Counts {
    void article(String articleId, long clicks, long blocked);
  }

  /** Receives the readers of an article. */
  @FunctionalInterface
  public interface Readers {
    void reader(String articleId, long readerId);
  }

  /** Encodes one hour's entries. */
  public static byte[] encode(SortedMap<String, Entry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 24);
    out.write(VERSION);
    varint(out, entries.size());
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      byte[] id = e.getKey().getBytes(StandardCharsets.US_ASCII);
      varint(out, id.length);
      out.write(id, 0, id.length);
      Entry entry = e.getValue();
      varint(out, entry.clicks());
      varint(out, entry.blocked());
      list.reset();
      long previous = 0;
      for (long r : entry.readers()) {
        varint(list, r - previous);
        previous = r;
      }
      varint(out, entry.readers().length);
      varint(out, list.size());
      out.write(list.toByteArray(), 0, list.size());
    }
    return out.toByteArray();
  }

  /**
   * Reads the articles that {@code articles} accepts: their counts to {@code counts} and, unless
   * {@code readers} is null, their readers (skipped cheaply when null).
   */
  public static void decode(byte[] blob, Predicate<String> articles, Counts counts, Readers readers) {
    int[] pos = {0};
    if (blob.length == 0 || blob[pos[0]++] != VERSION) {
      throw new IllegalArgumentException("click_log entry of an unknown version");
    }
    long count = readVarint(blob, pos);
    for (long a = 0; a < count; a++) {
      int idLength = (int) readVarint(blob, pos);
      String id = new String(blob, pos[0], idLength, StandardCharsets.US_ASCII);
      pos[0] += idLength;
      long clicks = readVarint(blob, pos);
      long blocked = readVarint(blob, pos);
      long readerCount = readVarint(blob, pos);
      int bytes = (int) readVarint(blob, pos);
      if (!articles.test(id)) {
        pos[0] += bytes;
        continue;
      }
      if (counts != null) {
        counts.article(id, clicks, blocked);
      }
      if (readers == null) {
        pos[0] += bytes;
        continue;
      }
      long r = 0;
      for (long i = 0; i < readerCount; i++) {
        r += readVarint(blob, pos);
        readers.reader(id, r);
      }
    }
  }

  /** One blob holding the sum of the counts and the union of the readers of {@code blobs}. */
  public static byte[] merge(List<byte[]> blobs) {
    TreeMap<String, long[]> counts = new TreeMap<>();
    TreeMap<String, LongList> readers = new TreeMap<>();
    // decode hands over an article's counts, then its readers, under one id string: look its
    // list up once per article, not once per reader (a tree lookup per reader was most of a
    // busy hour's merge).
    LongList[] current = new LongList[1];
    for (byte[] blob : blobs) {
      decode(blob, id -> true,
          (id, clicks, blocked) -> {
            long[] c = counts.computeIfAbsent(id, k -> new long[2]);
            c[0] += clicks;
            c[1] += blocked;
            current[0] = readers.computeIfAbsent(id, k -> new LongList());
          },
          (id, reader) -> current[0].add(reader));
    }
    TreeMap<String, Entry> merged = new TreeMap<>();
    counts.forEach((id, c) -> merged.put(id, new Entry(c[0], c[1], readers.get(id).sortedDistinct())));
    return encode(merged);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarint(byte[] blob, int[] pos) {
    long value = 0;
    int shift = 0;
    while (true) {
      byte b = blob[pos[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
    }
  }

  /** A growable array of longs. */
  public static final class LongList {
    private long[] values = new long[8];
    private int size;

    public void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    public int size() {
      return size;
    }

    /** The values ascending, each once. */
    public long[] sortedDistinct() {
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int n = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          sorted[n++] = sorted[i];
        }
      }
      return Arrays.copyOf(sorted, n);
    }
  }
}
