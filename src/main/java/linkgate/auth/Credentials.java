package linkgate.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import linkgate.config.LinkgateConfig;

/**
 * Finds the session a request carries: the session cookie (every cookie of that name, in order),
 * then {@code Authorization: Bearer} when enabled. A token in the query string is never read: it
 * would leak into logs, history and {@code Referer} (RFC 6750 §5.3).
 *
 * <p>Thread-safe; allocation-light, as it runs on every redirect.
 */
public final class Credentials {
  private final String cookiePrefix;
  private final boolean acceptBearer;
  private final SessionVerifier verifier;

  public Credentials(LinkgateConfig.Session config, SessionVerifier verifier) {
    this.cookiePrefix = config.cookieName() + "=";
    this.acceptBearer = config.acceptBearer();
    this.verifier = verifier;
  }

  /** The first valid session the request carries, else the first refusal, else NO_CREDENTIALS. */
  public Verdict session(HttpServerRequest request) {
    Verdict cookie = fromCookies(request.headers().getAll(HttpHeaders.COOKIE));
    if (cookie instanceof Session) {
      return cookie;
    }
    Verdict bearer = bearer(request);
    if (bearer instanceof Session || cookie == Rejection.NO_CREDENTIALS) {
      return bearer;
    }
    return cookie;
  }

  /** The verdict on the cookie session alone. */
  public Verdict cookieSession(HttpServerRequest request) {
    return fromCookies(request.headers().getAll(HttpHeaders.COOKIE));
  }

  /** The verdict on the bearer token alone (NO_CREDENTIALS when bearer is off or absent). */
  public Verdict bearer(HttpServerRequest request) {
    if (!acceptBearer) {
      return Rejection.NO_CREDENTIALS;
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    // RFC 6750 §2.1: the scheme is case-insensitive, one space, then the token exactly.
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Rejection.NO_CREDENTIALS;
    }
    return verifier.verify(authorization.substring(7));
  }

  private Verdict fromCookies(java.util.List<String> headers) {
    Verdict first = Rejection.NO_CREDENTIALS;
    for (String header : headers) {
      int i = 0;
      int n = header.length();
      while (i < n) {
        while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
          i++;
        }
        int end = header.indexOf(';', i);
        if (end < 0) {
          end = n;
        }
        if (header.startsWith(cookiePrefix, i)) {
          String value = header.substring(i + cookiePrefix.length(), end);
          if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1); // RFC 6265 §4.1.1 quoted cookie-value
          }
          Verdict v = verifier.verify(value);
          if (v instanceof Session) {
            return v;
          }
          if (first == Rejection.NO_CREDENTIALS) {
            first = v;
          }
        }
        i = end + 1;
      }
    }
    return first;
  }
}
