package linkgate.stats;

import java.time.Duration;
import java.util.Locale;

/** The width of a series point or export row: one UTC hour or one UTC day. */
public enum Bucket {
  HOUR,
  DAY;

  /** Ranges up to this long get hourly series by default; longer ones daily. */
  public static final Duration HOURLY_UP_TO = Duration.ofHours(48);

  /** The query parameter value: {@code hour} or {@code day}. */
  public String param() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the {@code bucket} parameter; null or empty gives {@code otherwise}.
   *
   * @throws InvalidStatsQuery for anything but {@code hour} and {@code day}
   */
  public static Bucket parse(String value, Bucket otherwise) {
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    return switch (value) {
      case "hour" -> HOUR;
      case "day" -> DAY;
      default -> throw new InvalidStatsQuery("bucket must be hour or day; got \""
          + (value.length() > 32 ? value.substring(0, 32) + "…" : value).replaceAll("\\p{Cntrl}", "?") + "\"");
    };
  }

  /**
   * The series bucket when none is asked for: {@code hour} when {@code to - from} is at most 48
   * hours (at most 49 points), else {@code day} (at most 401 points for the longest range).
   */
  public static Bucket defaultFor(StatsRange range) {
    return Duration.between(range.from(), range.to()).compareTo(HOURLY_UP_TO) <= 0 ? HOUR : DAY;
  }
}
