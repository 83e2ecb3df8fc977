package linkgate;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import linkgate.auth.TokenMinter;
import linkgate.config.ConfigException;
import linkgate.config.ConfigLoader;
import linkgate.config.LinkgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Entry point: parses the command line, loads the configuration, and either starts the gateway,
 * checks the configuration, or mints a token. Logs go to stderr; stdout carries only what a
 * command prints for scripts (the token, "ok", the demo tokens).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String DEFAULT_CONFIG = "config/linkgate.yaml";
  private static final String USAGE = """
      usage: java -jar linkgate.jar [--config FILE]                 start the gateway
             java -jar linkgate.jar check-config [--config FILE]    validate a configuration
             java -jar linkgate.jar token --sub ID [--role ROLE] [--ttl 1h] [--config FILE]
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = execute(args, System.out, System.err);
    if (code != Integer.MIN_VALUE) {
      System.exit(code);
    }
  }

  /** Parses the command line and runs it; a bad command line is 2, with the usage on {@code err}. */
  static int execute(String[] argv, PrintStream out, PrintStream err) {
    try {
      return run(Args.parse(argv), out, err);
    } catch (IllegalArgumentException e) {
      err.println("linkgate: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
  }

  /** Runs one command; {@link Integer#MIN_VALUE} means "serving, do not exit". */
  static int run(Args args, PrintStream out, PrintStream err) {
    if (args.help()) {
      out.print(USAGE);
      return 0;
    }
    Path file = Path.of(args.config() == null ? DEFAULT_CONFIG : args.config());
    LinkgateConfig config;
    try {
      config = new ConfigLoader(System::getenv).load(file);
    } catch (ConfigException e) {
      if (args.command().equals("check-config")) {
        e.problems().forEach(err::println);
        return 1;
      }
      err.println("linkgate: cannot start, " + file + " has " + e.problems().size() + " problem"
          + (e.problems().size() == 1 ? "" : "s") + ":");
      e.problems().forEach(p -> err.println("  " + p));
      err.println("Run `java -jar target/linkgate.jar check-config --config " + file + "` after fixing them.");
      return 1;
    }
    return switch (args.command()) {
      case "check-config" -> {
        out.println("ok");
        yield 0;
      }
      case "token" -> token(config, args, out, err);
      default -> serve(config, file);
    };
  }

  private static int token(LinkgateConfig config, Args args, PrintStream out, PrintStream err) {
    Duration ttl = args.tokenTtl();
    if (ttl.compareTo(TokenMinter.MAX_TTL) > 0) {
      err.println("linkgate: --ttl " + args.ttl() + " is capped at " + TokenMinter.MAX_TTL.toDays() + " days");
      ttl = TokenMinter.MAX_TTL;
    }
    try {
      out.println(new TokenMinter(config, Clock.systemUTC()).mint(args.sub(), args.role(), ttl));
      return 0;
    } catch (IllegalStateException e) {
      err.println("linkgate: " + e.getMessage());
      return 1;
    }
  }

  private static int serve(LinkgateConfig config, Path file) {
    Gateway gateway;
    try {
      gateway = Gateway.start(config, Clock.systemUTC(), file).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.debug("start-up failed", cause);
      System.err.println("linkgate: cannot start: " + cause.getMessage());
      return 1;
    }
    if (config.demo()) {
      Demo.announce(config, gateway, System.out);
    }
    CountDownLatch stopping = new CountDownLatch(1);
    Runnable shutdown = () -> {
      if (stopping.getCount() == 0) {
        return;
      }
      stopping.countDown();
      LOG.info("stopping: finishing requests in flight and writing buffered clicks");
      int code = 0;
      try {
        gateway.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        LOG.info("stopped cleanly");
      } catch (Exception e) {
        LOG.error("stopped with an error: {}", e.getCause() == null ? e : e.getCause().getMessage());
        code = 1;
      }
      System.exit(code);
    };
    // A JVM killed by SIGTERM exits 143 unless the signal is handled: handle it, drain, exit 0.
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), sig -> {
        Thread t = new Thread(shutdown, "linkgate-shutdown");
        t.setDaemon(false); // the signal thread is a daemon: ours must keep the JVM alive to drain
        t.start();
      });
    }
    // SIGHUP reloads session.keys from the configuration file (key rotation without a restart).
    // The reload reads files: Gateway runs it on a worker thread, not on the signal thread.
    try {
      Signal.handle(new Signal("HUP"), sig -> gateway.reloadKeys("SIGHUP"));
    } catch (IllegalArgumentException e) {
      LOG.warn("SIGHUP cannot be handled here ({}); key files are still watched", e.getMessage());
    }
    return Integer.MIN_VALUE;
  }
}
