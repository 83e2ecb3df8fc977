package linkgate.auth;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the key files' directories (java.nio {@link WatchService}) and calls a reload when one
 * of the files is created, changed, replaced or deleted, once the key files have been left alone
 * for a short while (an editor or {@code cp} writes in several steps). Kubernetes-style secret volumes,
 * which swap a {@code ..data} symlink, count as a change too. Events on other files are ignored.
 *
 * <p>Runs on a daemon thread of its own; the reload runs there, never on an event loop. After each
 * reload the watched set follows the key files then in force.
 */
public final class KeyFileWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFileWatch.class);

  private final Supplier<List<Path>> files;
  private final Runnable reload;
  private final Duration quiet;
  private final WatchService service;
  private final Thread thread;
  private final Map<Path, WatchKey> watched = new HashMap<>();
  private volatile boolean closed;

  /**
   * @param files the files to watch now (asked again after each reload)
   * @param reload called on the watch thread after a change
   * @param quiet how long the key files must stay unchanged before the reload
   */
  public KeyFileWatch(Supplier<List<Path>> files, Runnable reload, Duration quiet) throws IOException {
    this.files = files;
    this.reload = reload;
    this.quiet = quiet;
    this.service = FileSystems.getDefault().newWatchService();
    this.thread = new Thread(this::run, "linkgate-key-watch");
    this.thread.setDaemon(true);
  }

  /** Starts watching. */
  public void start() {
    register(files.get());
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        WatchKey key = service.take();
        boolean relevant = relevant(key);
        if (!relevant) {
          continue;
        }
        // Debounce: wait until the key files have been left alone for a while. Other files in
        // the directory do not count (they may change all the time), and a file that never
        // stops changing is read after ten quiet periods anyway.
        long quietNanos = quiet.toNanos();
        long quietUntil = System.nanoTime() + quietNanos;
        long latest = System.nanoTime() + 10 * quietNanos;
        long wait;
        while ((wait = Math.min(quietUntil, latest) - System.nanoTime()) > 0) {
          WatchKey more = service.poll(wait, TimeUnit.NANOSECONDS);
          if (more != null && relevant(more)) {
            quietUntil = System.nanoTime() + quietNanos;
          }
        }
        try {
          reload.run();
        } catch (RuntimeException e) {
          LOG.warn("key reload after a file change failed: {}", e.toString());
        }
        register(files.get());
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  /** Reads the key's events and re-arms it; true when one concerns a watched file. */
  private boolean relevant(WatchKey key) {
    Path dir = (Path) key.watchable();
    Set<String> names = new HashSet<>();
    for (Path file : files.get()) {
      if (dir.equals(file.getParent())) {
        names.add(file.getFileName().toString());
      }
    }
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (event.context() instanceof Path name) {
        String n = name.toString();
        relevant |= names.contains(n) || n.startsWith("..");
      }
    }
    key.reset();
    return relevant;
  }

  private synchronized void register(List<Path> now) {
    Set<Path> dirs = new HashSet<>();
    for (Path file : now) {
      if (file.getParent() != null) {
        dirs.add(file.getParent());
      }
    }
    watched.entrySet().removeIf(e -> {
      if (!dirs.contains(e.getKey())) {
        e.getValue().cancel();
        return true;
      }
      return false;
    });
    for (Path dir : dirs) {
      if (!watched.containsKey(dir) || !watched.get(dir).isValid()) {
        try {
          watched.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
          LOG.debug("watching {} for key file changes", dir);
        } catch (IOException e) {
          LOG.warn("cannot watch {} for key file changes ({}); send SIGHUP after changing a key there", dir,
              e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the key watch: {}", e.toString());
    }
    thread.interrupt();
  }
}
