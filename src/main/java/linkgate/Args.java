package linkgate;

import java.time.Duration;
import linkgate.config.Durations;

/** The parsed command line. */
record Args(String command, String config, String sub, String role, String ttl, boolean help) {

  /** @throws IllegalArgumentException on an unknown command or option */
  static Args parse(String[] args) {
    String command = "serve";
    String config = null;
    String sub = null;
    String role = null;
    String ttl = null;
    boolean help = false;
    int i = 0;
    if (args.length > 0 && !args[0].startsWith("-")) {
      command = args[0];
      if (!command.equals("check-config") && !command.equals("token") && !command.equals("serve")) {
        throw new IllegalArgumentException("unknown command \"" + command + "\"");
      }
      i = 1;
    }
    for (; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--config" -> config = value(args, ++i, a);
        case "--sub" -> sub = value(args, ++i, a);
        case "--role" -> role = value(args, ++i, a);
        case "--ttl" -> ttl = value(args, ++i, a);
        default -> throw new IllegalArgumentException("unknown option \"" + a + "\"");
      }
      if (!command.equals("token") && (a.equals("--sub") || a.equals("--role") || a.equals("--ttl"))) {
        throw new IllegalArgumentException(a + " belongs to the token command");
      }
    }
    // Checked here, before the configuration is read, so that a bad command line is a usage error
    // (exit 2) even when the configuration is broken too.
    if (command.equals("token") && !help) {
      if (sub == null || sub.isEmpty()) {
        throw new IllegalArgumentException("token needs --sub ID");
      }
      if (ttl != null) {
        ttl(ttl);
      }
    }
    return new Args(command, config, sub, role, ttl, help);
  }

  /** The token's time to live: {@code --ttl}, or one hour. */
  Duration tokenTtl() {
    return ttl == null ? Duration.ofHours(1) : ttl(ttl);
  }

  private static Duration ttl(String text) {
    Duration d = Durations.parse(text);
    if (d == null) {
      throw new IllegalArgumentException("--ttl \"" + text + "\" is not a duration; write it like 30m, 1h or 2d");
    }
    if (d.isZero()) {
      throw new IllegalArgumentException("--ttl must be more than 0: a token that expires as it is made is no use");
    }
    return d;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
