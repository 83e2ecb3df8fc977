package linkgate.config;

import java.util.List;

/**
 * A configuration that cannot be used. Each problem is one line that names the key and says
 * how to fix it; start-up prints them and exits non-zero, without a stack trace.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
