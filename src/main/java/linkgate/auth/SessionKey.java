package linkgate.auth;

/**
 * The session cache's key: a token, hashed by its last {@value #HASHED} characters only.
 *
 * <p>Why: {@link String#hashCode} walks all of a token (about 250 characters, one dependent
 * multiply-add each, and computed afresh for every request's newly received string), which the
 * redirect's profile showed as a tenth of linkgate's own cost. The end of a JWS is its signature,
 * so the last characters are already as good as random. Equality still compares the whole token.
 *
 * <p>Why it is safe: only verified tokens are ever put in the cache, and no one can choose the
 * signature of a token that verifies, so the cache's hash bins stay short whatever requests send.
 * A request naming a chosen hash only meets the few cached tokens that happen to share it. (The
 * cache of refused tokens, whose keys anyone chooses, keeps the full {@code String} hash.)
 */
final class SessionKey {
  static final int HASHED = 16;

  final String token;
  private final int hash;

  SessionKey(String token) {
    this.token = token;
    int n = token.length();
    int h = n;
    for (int i = Math.max(0, n - HASHED); i < n; i++) {
      h = 31 * h + token.charAt(i);
    }
    this.hash = h;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionKey key && hash == key.hash && token.equals(key.token);
  }

  @Override
  public String toString() {
    return "SessionKey[" + token.length() + " chars]"; // never the token itself: it is a credential
  }
}
