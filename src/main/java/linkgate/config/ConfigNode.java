package linkgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One YAML mapping being read: typed getters with defaults, {@code ${NAME}} substitution, and a
 * record of which keys were read so that {@link #finish()} can report unknown ones. Problems are
 * collected, not thrown, so that one run reports every mistake at once.
 */
final class ConfigNode {
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final String path;
  private final Map<?, ?> map;
  private final List<String> problems;
  private final Function<String, String> env;
  private final Set<String> read = new LinkedHashSet<>();

  ConfigNode(String path, Map<?, ?> map, List<String> problems, Function<String, String> env) {
    this.path = path;
    this.map = map == null ? Map.of() : map;
    this.problems = problems;
    this.env = env;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String message) {
    problems.add(path(key) + ": " + message);
  }

  boolean has(String key) {
    read.add(key);
    return map.get(key) != null;
  }

  /** The substituted string value, or {@code null} when absent (or the substitution failed). */
  String string(String key) {
    read.add(key);
    Object value = map.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map || value instanceof List) {
      problem(key, "must be a single value, not a " + (value instanceof Map ? "mapping" : "list"));
      return null;
    }
    return substitute(key, value.toString());
  }

  String string(String key, String def) {
    String value = string(key);
    return value == null ? def : value;
  }

  String required(String key, String hint) {
    String value = string(key);
    if (value == null && !map.containsKey(key)) {
      problem(key, "is required; " + hint);
    } else if (value != null && value.isBlank()) {
      problem(key, "is empty; " + hint);
      return null;
    }
    return value;
  }

  int integer(String key, int def, int min, int max) {
    String value = string(key);
    if (value == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) {
        problem(key, n + " is out of range; use a number from " + min + " to " + max);
        return def;
      }
      return n;
    } catch (NumberFormatException e) {
      problem(key, "\"" + value + "\" is not a whole number; use a number from " + min + " to " + max);
      return def;
    }
  }

  boolean bool(String key, boolean def) {
    String value = string(key);
    if (value == null) {
      return def;
    }
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(key, "\"" + value + "\" is not true or false");
        yield def;
      }
    };
  }

  Duration duration(String key, Duration def, Duration min, Duration max) {
    String value = string(key);
    if (value == null) {
      return def;
    }
    Duration d = parseDuration(value.strip());
    if (d == null) {
      problem(key, "\"" + value + "\" is not a duration; write it like 30s, 1500ms, 10m or 1h");
      return def;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problem(key, value + " is out of range; use a duration from " + format(min) + " to " + format(max));
      return def;
    }
    return d;
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** The mapping under {@code key}; an empty node when absent. */
  ConfigNode section(String key) {
    read.add(key);
    Object value = map.get(key);
    if (value != null && !(value instanceof Map)) {
      problem(key, "must be a mapping (key: value lines indented below it)");
      value = null;
    }
    return new ConfigNode(path(key), (Map<?, ?>) value, problems, env);
  }

  /** The raw items of the list under {@code key}; empty when absent. */
  List<Object> list(String key) {
    read.add(key);
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      problem(key, "must be a list (lines starting with \"- \", or [a, b])");
      return List.of();
    }
    return new ArrayList<>(items);
  }

  /** True when {@code key} is absent or an empty list; any other value is not (see {@link #list}). */
  boolean isAbsentOrEmptyList(String key) {
    read.add(key);
    Object value = map.get(key);
    return value == null || value instanceof List<?> items && items.isEmpty();
  }

  /** The item {@code i} of the list {@code key} as a node (a problem when it is not a mapping). */
  ConfigNode item(String key, int i, Object item) {
    String itemPath = path(key) + "[" + i + "]";
    if (!(item instanceof Map<?, ?> m)) {
      problems.add(itemPath + ": must be a mapping (key: value lines)");
      return new ConfigNode(itemPath, Map.of(), problems, env);
    }
    return new ConfigNode(itemPath, m, problems, env);
  }

  /** A list item that must be a scalar, substituted. */
  String itemString(String key, int i, Object item) {
    if (item == null || item instanceof Map || item instanceof List) {
      problems.add(path(key) + "[" + i + "]: must be a single value");
      return null;
    }
    return substitute(key + "[" + i + "]", item.toString());
  }

  /** Reports every key that no getter asked for. Call after reading the node. */
  void finish() {
    for (Object k : map.keySet()) {
      String key = String.valueOf(k);
      if (!read.contains(key)) {
        problem(key, "unknown key" + suggestion(key) + "; known keys here: " + String.join(", ", read));
      }
    }
  }

  private String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (String known : read) {
      int d = distance(key.toLowerCase(), known.toLowerCase());
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean \"" + best + "\"?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private String substitute(String key, String raw) {
    if (raw.indexOf("${") < 0) {
      return raw;
    }
    Matcher m = ENV.matcher(raw);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String name = m.group(1);
      String value = env.apply(name);
      if (value == null || (value.isEmpty() && m.group(2) != null)) {
        if (m.group(2) != null) {
          value = m.group(3);
        } else {
          problem(key, "environment variable " + name + " is not set; set it, or write ${" + name + ":-default}");
          ok = false;
          value = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return ok ? out.toString() : null;
  }
}
