package linkgate.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import linkgate.store.TimeBuckets;

/**
 * The time range of a stats query, {@code [from, to)}, and the UTC hours it covers.
 *
 * <p>Stats are stored per UTC hour, so a range covers every hour that {@code [from, to)} touches:
 * {@code [fromHour, toHourExclusive)} in epoch hours. {@code to} itself is excluded, so a range
 * ending exactly on an hour boundary ({@code to=2026-11-24T12:00:00Z}) does not include the hour
 * starting at {@code to}; a range ending one millisecond later does. {@code from == to} is an
 * empty range: it covers no hour and every count is zero.
 *
 * <p>For reading, the covered hours split into {@linkplain #parts() parts}: whole UTC days, read
 * from the per-day tables (one row per article per day instead of 24), and the edge hours before
 * and after them, read from the per-hour tables. Each hour part lies within one UTC day.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the first instant of the range (inclusive)
 * @param to the end of the range (exclusive), not before {@code from}
 * @param fromHour the first epoch hour covered
 * @param toHourExclusive the epoch hour after the last one covered; equals {@code fromHour} when
 *     the range is empty
 */
public record StatsRange(Instant from, Instant to, int fromHour, int toHourExclusive) {
  /** The range when neither {@code from} nor {@code to} is given ends now and lasts this long. */
  public static final Duration DEFAULT_LENGTH = Duration.ofDays(30);

  /**
   * The longest range accepted. It bounds the work of one query: an hourly series is at most
   * 9,600 points and an hourly export touches at most 9,600 hours per article.
   */
  public static final Duration MAX_LENGTH = Duration.ofDays(400);

  // Years 0001..9999 keep epoch hours well inside an int, and no one means anything else.
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  // "+01:00" in a query string that was not percent-encoded arrives as " 01:00" ('+' means space
  // in application/x-www-form-urlencoded); an instant never contains a space, so put the '+' back.
  private static final Pattern SPACE_OFFSET = Pattern.compile("(T[0-9:.,]+) ([0-9]{2}(:?[0-9]{2})?)$");

  private static final int HOURS_PER_DAY = 24;

  public StatsRange {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
  }

  /** The range {@code [from, to)} and the hours it touches. */
  public static StatsRange of(Instant from, Instant to) {
    int fromHour = (int) Math.floorDiv(from.getEpochSecond(), 3600L);
    if (from.equals(to)) {
      return new StatsRange(from, to, fromHour, fromHour);
    }
    // The last hour touched is the one holding the last instant before `to`: ceil(to / 1 h).
    long seconds = to.getEpochSecond();
    long toHour = Math.floorDiv(seconds, 3600L);
    if (Math.floorMod(seconds, 3600L) != 0 || to.getNano() != 0) {
      toHour++;
    }
    return new StatsRange(from, to, fromHour, (int) toHour);
  }

  /**
   * Parses the {@code from} and {@code to} query parameters. Null or empty means "not given":
   * {@code to} defaults to now, {@code from} to {@link #DEFAULT_LENGTH} before {@code to}.
   *
   * @throws InvalidStatsQuery when a value is not an ISO-8601 instant with an offset, when
   *     {@code from} is after {@code to}, or when the range is longer than {@link #MAX_LENGTH}
   */
  public static StatsRange parse(String from, String to, Clock clock) {
    Instant end = absent(to) ? clock.instant() : instant("to", to);
    Instant start = absent(from) ? end.minus(DEFAULT_LENGTH) : instant("from", from);
    if (start.isAfter(end)) {
      throw new InvalidStatsQuery("from " + start + " is after to " + end
          + (absent(to) ? " (to defaults to now)" : "") + "; from must not be later than to");
    }
    if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
      throw new InvalidStatsQuery("The range from " + start + " to " + end + " is longer than "
          + MAX_LENGTH.toDays() + " days; ask for a shorter one");
    }
    if (start.isBefore(EARLIEST)) {
      // Only reachable through the default from when to is near year 1.
      throw new InvalidStatsQuery("from must be in the years 0001 to 9999");
    }
    return of(start, end);
  }

  private static boolean absent(String value) {
    return value == null || value.isEmpty();
  }

  private static Instant instant(String name, String raw) {
    String value = SPACE_OFFSET.matcher(raw).replaceFirst("$1+$2");
    Instant parsed;
    try {
      parsed = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidStatsQuery(name + " must be an ISO-8601 instant with a UTC offset, such as"
          + " 2026-11-24T10:00:00Z or 2026-11-24T11:00:00+01:00; got \"" + printable(raw) + "\"");
    }
    if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
      throw new InvalidStatsQuery(name + " must be in the years 0001 to 9999; got \"" + printable(raw) + "\"");
    }
    return parsed;
  }

  /** The value for an error message: short, and without control characters. */
  private static String printable(String raw) {
    String cut = raw.length() > 64 ? raw.substring(0, 64) + "…" : raw;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  /** Number of hours covered; 0 for an empty range. */
  public int hours() {
    return toHourExclusive - fromHour;
  }

  public boolean isEmpty() {
    return hours() == 0;
  }

  /** The start of epoch hour {@code hr}. */
  public static Instant hourStart(int hr) {
    return Instant.ofEpochMilli(hr * TimeBuckets.HOUR_MILLIS);
  }

  /** The start of epoch day {@code dy}. */
  public static Instant dayStart(int dy) {
    return Instant.ofEpochMilli(dy * TimeBuckets.DAY_MILLIS);
  }

  /**
   * A piece of the covered hours: either whole UTC days ({@code start}/{@code end} are epoch
   * days, end exclusive) or hours of a single UTC day ({@code start}/{@code end} are epoch hours).
   */
  public record Part(boolean wholeDays, int start, int end) {
    /** The first epoch day this part touches. */
    public int firstDay() {
      return wholeDays ? start : TimeBuckets.dayOfHour(start);
    }
  }

  /**
   * The covered hours as at most three parts in time order: the hours before the first whole
   * day, the whole days, the hours after the last whole day. With no whole day inside, the hours
   * are split at midnight (at most two parts, each within one day). Empty parts are left out.
   */
  public List<Part> parts() {
    List<Part> parts = new ArrayList<>(3);
    int a = fromHour;
    int b = toHourExclusive;
    int firstDay = Math.floorDiv(a + HOURS_PER_DAY - 1, HOURS_PER_DAY); // ceil(a / 24)
    int endDay = Math.floorDiv(b, HOURS_PER_DAY);
    if (firstDay < endDay) {
      addHours(parts, a, firstDay * HOURS_PER_DAY);
      parts.add(new Part(true, firstDay, endDay));
      addHours(parts, endDay * HOURS_PER_DAY, b);
    } else {
      // No whole day: [a, b) is shorter than two days and crosses at most one midnight.
      int midnight = firstDay * HOURS_PER_DAY;
      if (a < midnight && midnight < b) {
        addHours(parts, a, midnight);
        addHours(parts, midnight, b);
      } else {
        addHours(parts, a, b);
      }
    }
    return parts;
  }

  private static void addHours(List<Part> parts, int start, int end) {
    if (start < end) {
      parts.add(new Part(false, start, end));
    }
  }

  /** The whole days inside the range as {@code [start, end)} epoch days, possibly empty. */
  public Part wholeDays() {
    for (Part p : parts()) {
      if (p.wholeDays()) {
        return p;
      }
    }
    return new Part(true, 0, 0);
  }

  /** The hour parts (0, 1 or 2), each within one UTC day, in time order. */
  public List<Part> edgeHours() {
    return parts().stream().filter(p -> !p.wholeDays()).toList();
  }
}
