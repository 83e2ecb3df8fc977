package linkgate.store;

/**
 * Stats are kept per UTC hour ("hr", hours since the epoch) and rolled up per UTC day ("dy", days
 * since the epoch); both are plain integers in the schema.
 */
public final class TimeBuckets {
  public static final long HOUR_MILLIS = 3_600_000L;
  public static final long DAY_MILLIS = 24 * HOUR_MILLIS;

  private TimeBuckets() {}

  /** The hour that contains {@code epochMillis}. */
  public static int hour(long epochMillis) {
    return (int) Math.floorDiv(epochMillis, HOUR_MILLIS);
  }

  /** The day that contains hour {@code hr}. */
  public static int dayOfHour(int hr) {
    return Math.floorDiv(hr, 24);
  }
}
