package linkgate.clicks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store's write-ahead journal for strict clicks: a strict click is appended here
 * (one write for a whole group) before its redirect is sent, then flushed to the store with the
 * buffered clicks; the store records the journal sequence number it has absorbed, and the journal
 * is emptied once everything in it is in the store. After a crash, start-up replays what the
 * store had not absorbed yet.
 *
 * <p>Privacy: a reader is journaled as its keyed hash ({@link ReaderIds#hash}), never as its
 * {@code sub}, like everything else linkgate stores; replay numbers readers from the hashes.
 *
 * <p>Why: the embedded store makes a commit durable only by rewriting its file structure
 * ({@code CHECKPOINT}), which per group commit cost five times a buffered redirect in the
 * benchmark; an append costs one small write. Like the store's own writes, an append is not
 * fsync'ed: it survives the process (kill -9), not the operating system.
 *
 * <p>Format: the 4 bytes {@link #MAGIC}, then per click its sequence number, epoch millis,
 * article id and reader hash ({@link DataOutputStream} longs and modified UTF-8). A journal
 * without the magic was written by an earlier version with raw subs; they are hashed as read.
 *
 * <p>Not thread-safe: every call is made on a worker, one at a time, in order.
 */
final class StrictJournal {
  /** "LGJ" and format version 2 (version 1, without a header, held raw subs). */
  static final int MAGIC = 0x4C474A02;

  /** A journaled click; {@code readerHash} as {@link ReaderIds#hash} makes it. */
  record Entry(long seq, long millis, String articleId, String readerHash) {}

  private final Path file;
  private final ReaderIds readers;
  private FileChannel channel;
  private long lastSeq;

  StrictJournal(Path file, ReaderIds readers) {
    this.file = file;
    this.readers = readers;
  }

  /** Entries of a journal left by an earlier process (none when absent); a torn last entry is dropped. */
  List<Entry> read() throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(raw)) {
      in.mark(4);
      boolean hashed;
      try {
        hashed = in.readInt() == MAGIC;
      } catch (EOFException e) {
        return entries; // empty, or a header cut short: nothing was confirmed
      }
      if (!hashed) {
        in.reset(); // version 1: entries from the first byte, readers as raw subs
      }
      while (true) {
        try {
          long seq = in.readLong();
          long millis = in.readLong();
          String articleId = in.readUTF();
          String reader = in.readUTF();
          entries.add(new Entry(seq, millis, articleId, hashed ? reader : readers.hash(reader)));
        } catch (EOFException e) {
          return entries; // the end, or a write cut short by a crash: that click was never confirmed
        }
      }
    }
  }

  /** Opens the journal for appending after {@code seq}, emptying what an earlier process left. */
  void open(long seq) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    lastSeq = seq;
    writeHeader();
  }

  /** Appends clicks in one write and returns the sequence number of the last. */
  long append(List<ClickRecorder.Event> events) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 100);
    DataOutputStream out = new DataOutputStream(bytes);
    for (ClickRecorder.Event e : events) {
      out.writeLong(++lastSeq);
      out.writeLong(e.millis());
      out.writeUTF(e.articleId());
      out.writeUTF(readers.hash(e.sub()));
    }
    write(bytes.toByteArray());
    return lastSeq;
  }

  /** Empties the journal (everything in it is in the store). */
  void truncate() throws IOException {
    channel.truncate(0);
    channel.position(0);
    writeHeader();
  }

  void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  private void writeHeader() throws IOException {
    write(ByteBuffer.allocate(4).putInt(MAGIC).array());
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
