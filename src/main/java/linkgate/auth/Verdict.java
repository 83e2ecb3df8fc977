package linkgate.auth;

/** The outcome of checking a session token: a {@link Session} or a {@link Rejection}. */
public sealed interface Verdict permits Session, Rejection {

  /** True for a valid session. */
  default boolean valid() {
    return this instanceof Session;
  }
}
