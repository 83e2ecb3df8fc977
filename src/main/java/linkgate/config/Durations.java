package linkgate.config;

import java.time.Duration;

/** Parses the contract's durations: {@code 30s}, {@code 1500ms}, {@code 10m}, {@code 1h}, {@code 2d}. */
public final class Durations {
  private Durations() {}

  /** The duration, or null when {@code text} is not one. */
  public static Duration parse(String text) {
    return ConfigNode.parseDuration(text.strip());
  }
}
