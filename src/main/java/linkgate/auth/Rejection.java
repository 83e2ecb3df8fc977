package linkgate.auth;

/** Why a token was refused. {@link #reason()} labels the {@code token rejections} metric. */
public enum Rejection implements Verdict {
  /** No cookie and no bearer token at all. */
  NO_CREDENTIALS("none"),
  /** Not three base64url segments, bad JSON, duplicate keys, unsupported header. */
  MALFORMED("malformed"),
  /** {@code alg} is none, or no configured key uses it. */
  ALG_NOT_ALLOWED("alg_not_allowed"),
  /** {@code kid} names no configured key. */
  UNKNOWN_KID("unknown_kid"),
  /** {@code kid} names a key of another algorithm. */
  ALG_MISMATCH("alg_mismatch"),
  /** The signature does not verify. */
  BAD_SIGNATURE("bad_signature"),
  /** {@code exp} plus the clock skew is past. */
  EXPIRED("expired"),
  /** {@code nbf} minus the clock skew is still ahead (or {@code iat}, while {@code session.maxAge} is set). */
  NOT_YET_VALID("not_yet_valid"),
  /**
   * {@code exp} missing, a date claim that is not a number (or is beyond year 9999), no {@code sub},
   * or no {@code iat} while {@code session.maxAge} is set.
   */
  INVALID_CLAIMS("invalid_claims"),
  /** {@code iss} differs from {@code session.issuer}. */
  WRONG_ISSUER("wrong_issuer"),
  /** {@code aud} does not contain {@code session.audience}. */
  WRONG_AUDIENCE("wrong_audience"),
  /** {@code iat} plus {@code session.maxAge} plus the clock skew is past. */
  TOO_OLD("too_old");

  private final String reason;

  Rejection(String reason) {
    this.reason = reason;
  }

  /** The snake_case label used in metrics and logs. */
  public String reason() {
    return reason;
  }

  /**
   * Whether the same token would be refused again for the same reason while the keys stay the
   * same: true for all but {@link #NOT_YET_VALID} (time cures it) and the syntax checks (cheaper
   * than a cache lookup).
   */
  boolean repeatable() {
    return this != NOT_YET_VALID && this != MALFORMED && this != NO_CREDENTIALS;
  }
}
