package linkgate.articles;

/**
 * An article URL that {@link ArticleUrl#canonical(String)} refuses. The message is short, says
 * what is wrong in words an admin understands, and never contains control characters, so it
 * can go straight into a {@code 400 invalid_url} JSON error.
 *
 * <p>Carries no stack trace: it reports bad input, not a bug.
 */
public final class InvalidUrlException extends Exception {

  /** @param message human-readable reason, for example {@code URL has no host} */
  public InvalidUrlException(String message) {
    super(message, null, false, false);
  }
}
