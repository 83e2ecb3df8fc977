package linkgate.stats;

/**
 * A stats query parameter that cannot be used ({@code from}, {@code to}, {@code bucket}). The
 * message names the parameter, the value and what would be accepted, so that the admin routes can
 * send it as-is in a {@code 400 invalid_request}.
 *
 * <p>Carries no stack trace: it reports bad input, not a bug.
 */
public final class InvalidStatsQuery extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message human-readable reason, e.g. {@code from is after to} */
  public InvalidStatsQuery(String message) {
    super(message, null, false, false);
  }
}
