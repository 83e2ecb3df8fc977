package linkgate.auth;

/**
 * Whether the verification keys can be trusted, for {@code /readyz}.
 *
 * @param ready false when tokens that should verify are being refused for want of keys
 * @param state {@code ok}, {@code stale} (JWKS fetches fail; the last good keys are still used),
 *     {@code expired} (the last good JWKS keys are older than {@code session.jwksMaxStale} and no
 *     longer used) or {@code missing} (no JWKS was ever fetched)
 * @param reason what an operator needs to know; null when {@code ok}
 */
public record KeyStatus(boolean ready, String state, String reason) {
  /** Keys in force and nothing to report. */
  public static final KeyStatus OK = new KeyStatus(true, "ok", null);
}
