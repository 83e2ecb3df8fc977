package linkgate.clicks;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
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
 * <p>Why: the embedded store makes a commit durable only by rewriting its file structure
 * ({@code CHECKPOINT}), which per group commit cost five times a buffered redirect in the
 * benchmark; an append costs one small write. Like the store's own writes, an append is not
 * fsync'ed: it survives the process (kill -9), not the operating system.
 *
 * <p>Not thread-safe: every call is made on a worker, one at a time, in order.
 */
final class StrictJournal {
  /** A journaled click. */
  record Entry(long seq, long millis, String articleId, String sub) {}

  private final Path file;
  private FileChannel channel;
  private long lastSeq;

  StrictJournal(Path file) {
    this.file = file;
  }

  /** Entries of a journal left by an earlier process (none when absent); a torn last entry is dropped. */
  List<Entry> read() throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
      while (true) {
        try {
          entries.add(new Entry(in.readLong(), in.readLong(), in.readUTF(), in.readUTF()));
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
  }

  /** Appends clicks in one write and returns the sequence number of the last. */
  long append(List<ClickRecorder.Event> events) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 64);
    DataOutputStream out = new DataOutputStream(bytes);
    for (ClickRecorder.Event e : events) {
      out.writeLong(++lastSeq);
      out.writeLong(e.millis());
      out.writeUTF(e.articleId());
      out.writeUTF(e.sub());
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    return lastSeq;
  }

  /** Empties the journal (everything in it is in the store). */
  void truncate() throws IOException {
    channel.truncate(0);
    channel.position(0);
  }

  void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

}
