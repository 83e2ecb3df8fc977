package linkgate.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import linkgate.config.LinkgateConfig;

/**
 * Finds the session a request carries: the session cookie (the first {@value #MAX_SESSION_COOKIES}
 * cookies of that name, in order), then {@code Authorization: Bearer} when enabled. A token in the
 * query string is never read: it would leak into logs, history and {@code Referer} (RFC 6750 §5.3).
 *
 * <p>Why a bound on cookies: a browser may hold several cookies of one name (host-only and
 * parent-domain ones, RFC 6265 §5.4), so more than one is tried; but each new forged token costs a
 * signature check, and one request carrying 75 of them cost 75 while the per-client rate limit was
 * charged once. Later cookies of the name are ignored.
 *
 * <p>With a JWKS configured, a token naming an unknown kid may become valid once the JWKS is
 * fetched again (the identity provider rotated its key). The synchronous methods never wait for
 * that; a caller that gets {@link #mayRefetch} true calls {@link #refetchKeys()} and asks again.
 *
 * <p>Thread-safe; allocation-light, as it runs on every redirect.
 */
public final class Credentials {
  /** Session cookies read per request at most; the rest are ignored. */
  public static final int MAX_SESSION_COOKIES = 3;

  private final String cookiePrefix;
  private final boolean acceptBearer;
  private final SessionVerifier verifier;
  private final JwksFetcher jwks;

  public Credentials(LinkgateConfig.Session config, SessionVerifier verifier) {
    this(config, verifier, null);
  }

  /** {@code jwks} may be null: no JWKS configured, nothing to refetch. */
  public Credentials(LinkgateConfig.Session config, SessionVerifier verifier, JwksFetcher jwks) {
    this.cookiePrefix = config.cookieName() + "=";
    this.acceptBearer = config.acceptBearer();
    this.verifier = verifier;
    this.jwks = jwks;
  }

  /**
   * The first valid session the request carries, else the first refusal (an unknown kid first
   * when a JWKS is configured, so that {@link #mayRefetch} sees it), else NO_CREDENTIALS.
   */
  public Verdict session(HttpServerRequest request) {
    Verdict cookie = fromCookies(request.headers().getAll(HttpHeaders.COOKIE));
    if (cookie instanceof Session) {
      return cookie;
    }
    Verdict bearer = bearer(request);
    if (bearer instanceof Session) {
      return bearer;
    }
    return refusal(cookie, bearer);
  }

  /**
   * True when {@code verdict} may change after a JWKS refetch: an unknown kid, with a JWKS
   * configured. Then call {@link #refetchKeys()} and check the request again.
   */
  public boolean mayRefetch(Verdict verdict) {
    return verdict == Rejection.UNKNOWN_KID && jwks != null;
  }

  /**
   * Refetches the JWKS because a token named an unknown kid (rate-limited, and shared with every
   * request waiting for the same fetch), and completes on the caller's context once it is done.
   * Never fails; completes at once without a JWKS.
   */
  public Future<Void> refetchKeys() {
    if (jwks == null) {
      return Future.succeededFuture();
    }
    Context context = Vertx.currentContext();
    Future<Void> fetched = jwks.refetchForUnknownKid();
    if (context == null) {
      return fetched;
    }
    Promise<Void> back = Promise.promise();
    fetched.onComplete(x -> context.runOnContext(v -> back.complete()));
    return back.future();
  }

  /**
   * {@link #session} for a caller that may wait: when the answer is an unknown kid and a JWKS is
   * configured, refetches it (see {@link #refetchKeys()}) and checks the request again.
   */
  public Future<Verdict> sessionAfterRefetch(HttpServerRequest request) {
    Verdict verdict = session(request);
    if (!mayRefetch(verdict)) {
      return Future.succeededFuture(verdict);
    }
    return refetchKeys().map(x -> session(request));
  }

  /** Which refusal to report of two: the first, unless the second is a refetchable unknown kid. */
  private Verdict refusal(Verdict first, Verdict next) {
    if (first == Rejection.NO_CREDENTIALS || (mayRefetch(next) && !mayRefetch(first))) {
      return next;
    }
    return first;
  }

  /**
   * The verdict on the session cookies for the admin API: the first session with the admin role
   * among all of them (a reader's cookie sent first must not hide an admin's), else the first
   * valid session, else the refusal.
   */
  public Verdict adminCookieSession(HttpServerRequest request) {
    return fromCookies(request.headers().getAll(HttpHeaders.COOKIE), verifier::verify, true);
  }

  /**
   * The verdict on the bearer tokens for the admin API, over every {@code Authorization} header:
   * the first admin session, else the first valid one, else the refusal.
   */
  public Verdict adminBearer(HttpServerRequest request) {
    if (!acceptBearer) {
      return Rejection.NO_CREDENTIALS;
    }
    Verdict best = Rejection.NO_CREDENTIALS;
    for (String authorization : request.headers().getAll(HttpHeaders.AUTHORIZATION)) {
      Verdict v = bearerToken(authorization);
      if (v instanceof Session s && s.admin()) {
        return s;
      }
      best = best instanceof Session ? best : v instanceof Session ? v : refusal(best, v);
    }
    return best;
  }

  /** The verdict on the bearer token alone (NO_CREDENTIALS when bearer is off or absent). */
  private Verdict bearer(HttpServerRequest request) {
    if (!acceptBearer) {
      return Rejection.NO_CREDENTIALS;
    }
    return bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
  }

  private Verdict bearerToken(String authorization) {
    // RFC 6750 §2.1: the scheme is case-insensitive, one space, then the token exactly.
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Rejection.NO_CREDENTIALS;
    }
    return verifier.verify(authorization.substring(7));
  }

  /**
   * The first valid session this request carries (cached, or verified now and cached), or null;
   * a refusal is not reported (no metric). For {@code RedirectRoutes}' fast path, which falls back
   * to the full {@link #session} whenever this is null: that finds a refusal in the verifier's
   * cache and reports it once, with no second signature check.
   */
  public Session validSession(HttpServerRequest request) {
    // A request almost always has one Cookie header: try the first alone (get is the first in
    // request order, without getAll's list). A valid session in it is also what the scan of every
    // header would find first; without one, that scan runs, and what the first header held is in
    // the verifier's caches by then: nothing is checked twice.
    String first = request.headers().get(HttpHeaders.COOKIE);
    if (first != null && fromCookies(List.of(first), this::validOnly) instanceof Session s) {
      return s;
    }
    Verdict cookie = first == null ? Rejection.NO_CREDENTIALS
        : fromCookies(request.headers().getAll(HttpHeaders.COOKIE), this::validOnly);
    if (cookie instanceof Session s) {
      return s;
    }
    if (!acceptBearer) {
      return null;
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.length() < 8
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return verifier.valid(authorization.substring(7));
  }

  private Verdict validOnly(String token) {
    Session s = verifier.valid(token);
    return s == null ? Rejection.NO_CREDENTIALS : s;
  }

  private Verdict fromCookies(List<String> headers) {
    return fromCookies(headers, verifier::verify);
  }

  private Verdict fromCookies(List<String> headers, java.util.function.Function<String, Verdict> check) {
    return fromCookies(headers, check, false);
  }

  /** With {@code adminFirst}, the first admin session wins over an earlier valid reader's. */
  private Verdict fromCookies(
      List<String> headers, java.util.function.Function<String, Verdict> check, boolean adminFirst) {
    Verdict first = Rejection.NO_CREDENTIALS;
    Session valid = null;
    int seen = 0;
    for (String header : headers) {
      int i = 0;
      int n = header.length();
      while (i < n && seen < MAX_SESSION_COOKIES) {
        while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
          i++;
        }
        int end = header.indexOf(';', i);
        if (end < 0) {
          end = n;
        }
        if (header.startsWith(cookiePrefix, i)) {
          seen++;
          String value = header.substring(i + cookiePrefix.length(), end);
          if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1); // RFC 6265 §4.1.1 quoted cookie-value
          }
          Verdict v = check.apply(value);
          if (v instanceof Session s) {
            if (!adminFirst || s.admin()) {
              return s;
            }
            valid = valid == null ? s : valid;
          } else {
            first = refusal(first, v);
          }
        }
        i = end + 1;
      }
    }
    return valid != null ? valid : first;
  }
}
