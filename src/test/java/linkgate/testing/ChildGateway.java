package linkgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * linkgate in a child JVM ({@code java -cp <test classpath> linkgate.Main --config F}), for tests
 * that need a real process: signals, {@code kill -9}, exit codes. Its stderr is kept in a file.
 */
public final class ChildGateway implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

  private final Process process;
  private final int port;
  private final Path config;
  private final Path log;
  private final Thread reader;

  private ChildGateway(Process process, int port, Path config, Path log, Thread reader) {
    this.process = process;
    this.port = port;
    this.config = config;
    this.log = log;
    this.reader = reader;
  }

  /** Starts a child with the YAML of {@code builder} and waits for "listening on port N". */
  public static ChildGateway start(String yaml, Path dir) {
    try {
      Path config = dir.resolve("child-" + System.nanoTime() + ".yaml");
      Files.writeString(config, yaml);
      Path log = dir.resolve(config.getFileName() + ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          "linkgate.Main", "--config", config.toString()));
      Map<String, String> env = pb.environment();
      env.remove("LINKGATE_SESSION_SECRET");
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader = new Thread(() -> copyStderr(p, log, port), "child-stderr");
      reader.setDaemon(true);
      reader.start();
      Integer n = port.get(60, TimeUnit.SECONDS);
      return new ChildGateway(p, n, config, log, reader);
    } catch (Exception e) {
      throw new IllegalStateException("child gateway did not start: " + e, e);
    }
  }

  private static void copyStderr(Process p, Path log, CompletableFuture<Integer> port) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        var out = Files.newBufferedWriter(log)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.newLine();
        out.flush();
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
      port.completeExceptionally(new IllegalStateException("child exited: " + Files.readString(log)));
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
  }

  public int port() {
    return port;
  }

  /** The configuration file the child was started with (rewrite it, then {@link #hangUp()}). */
  public Path configFile() {
    return config;
  }

  /** Sends SIGHUP. Java cannot send it itself: {@code kill -HUP <pid>} does. */
  public void hangUp() {
    try {
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -HUP " + process.pid() + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends SIGTERM and waits for the exit code. */
  public int terminate() {
    // ProcessHandle.destroy sends the signal without closing our end of the pipes (Process.destroy
    // closes them, and the child's last lines of stderr are lost).
    process.toHandle().destroy();
    return waitFor();
  }

  /** Sends SIGKILL (kill -9) and waits until the process is gone. */
  public void kill() {
    process.toHandle().destroyForcibly();
    waitFor();
  }

  private int waitFor() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("child did not exit within 60 s");
      }
      reader.join(5000); // the last lines of stderr, written just before exit
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the child wrote to stderr so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor();
    }
  }
}
