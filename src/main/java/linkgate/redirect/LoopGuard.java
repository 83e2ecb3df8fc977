package linkgate.redirect;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import linkgate.auth.Rejection;
import linkgate.config.LinkgateConfig;

/**
 * The login-loop guard. When a site's session never satisfies linkgate (wrong audience, a cookie
 * set for the wrong domain, a clock far off), a browser would bounce between linkgate and the
 * login page for ever. linkgate counts consecutive login round-trips for the same link in a
 * cookie of its own, {@value #COOKIE}; after {@value #MAX_ROUND_TRIPS} the browser gets a 401
 * page that says why instead of another redirect. A valid session clears the cookie.
 *
 * <p>The cookie is {@code <count>.<expiry epoch seconds>.<MAC>}: an HMAC-SHA256 (truncated to 128
 * bits) over the article id, count and expiry under a key made at start-up, so the count is bound
 * to one link and a sibling site cannot plant a count that locks a reader out. {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Path=<publicBaseUrl path>/go/}, {@code Max-Age=300}, and
 * {@code Secure} when {@code publicBaseUrl} is https. A cookie from another process (another key)
 * simply counts from zero again.
 *
 * <p>Thread-safe.
 */
final class LoopGuard {
  static final String COOKIE = "linkgate_loop";
  static final int MAX_ROUND_TRIPS = 3;
  static final Duration TTL = Duration.ofMinutes(5);
  private static final String PREFIX = COOKIE + "=";
  private static final int MAC_BYTES = 16;

  private final Clock clock;
  private final SecretKeySpec key;
  private final String attributes;
  private final String clear;

  LoopGuard(LinkgateConfig config, Clock clock) {
    this.clock = clock;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    String path = config.http().publicBaseUrl().getRawPath();
    String secure = "https".equalsIgnoreCase(config.http().publicBaseUrl().getScheme()) ? "; Secure" : "";
    String common = "; Path=" + (path == null ? "" : path) + "/go/; HttpOnly; SameSite=Lax" + secure;
    this.attributes = "; Max-Age=" + TTL.toSeconds() + common;
    this.clear = PREFIX + "; Max-Age=0" + common;
  }

  /** True when the request may carry the cookie (cheap: no parsing, no allocation). */
  boolean present(HttpServerRequest request) {
    String cookie = request.getHeader(HttpHeaders.COOKIE);
    return cookie != null && cookie.contains(PREFIX);
  }

  /** The {@code Set-Cookie} value that deletes the cookie. */
  String clearCookie() {
    return clear;
  }

  /** Login round-trips this browser already made for {@code articleId}: 0 without a valid cookie. */
  int roundTrips(HttpServerRequest request, String articleId) {
    List<String> headers = request.headers().getAll(HttpHeaders.COOKIE);
    long now = clock.millis() / 1000;
    int best = 0;
    for (String header : headers) {
      int from = 0;
      while ((from = header.indexOf(PREFIX, from)) >= 0) {
        boolean starts = from == 0 || header.charAt(from - 1) == ' ' || header.charAt(from - 1) == ';';
        int end = header.indexOf(';', from);
        String value = header.substring(from + PREFIX.length(), end < 0 ? header.length() : end).strip();
        from += PREFIX.length();
        if (starts) {
          best = Math.max(best, count(value, articleId, now));
        }
      }
    }
    return best;
  }

  /** The {@code Set-Cookie} value recording one more round-trip after {@code roundTrips}. */
  String next(String articleId, int roundTrips) {
    int count = Math.min(roundTrips + 1, 9);
    long expires = clock.millis() / 1000 + TTL.toSeconds();
    return PREFIX + count + "." + expires + "." + mac(articleId, count, expires) + attributes;
  }

  private int count(String value, String articleId, long now) {
    // "<digit>.<digits>.<22 base64url>": anything else is not ours.
    int dot1 = value.indexOf('.');
    int dot2 = value.indexOf('.', dot1 + 1);
    if (dot1 != 1 || dot2 < 0 || dot2 - dot1 > 13 || value.length() - dot2 - 1 != 22) {
      return 0;
    }
    int count = value.charAt(0) - '0';
    long expires;
    try {
      expires = Long.parseLong(value.substring(dot1 + 1, dot2));
    } catch (NumberFormatException e) {
      return 0;
    }
    if (count < 1 || count > 9 || expires <= now || expires > now + TTL.toSeconds()) {
      return 0;
    }
    byte[] expected = mac(articleId, count, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = value.substring(dot2 + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? count : 0;
  }

  private String mac(String articleId, int count, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] full = mac.doFinal((articleId + "\n" + count + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, MAC_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Why the session was refused, in plain words for the reader's page. Key and signature problems
   * are one answer ("not signed by a key linkgate trusts"): the page helps a reader or an operator
   * fix a setup, and must not tell a forger which check a crafted token failed.
   */
  static String reason(Rejection why) {
    return switch (why) {
      case NO_CREDENTIALS -> "no session cookie reached linkgate (is it set for this domain, and Secure only if"
          + " linkgate is reached over https?)";
      case EXPIRED -> "expired";
      case NOT_YET_VALID -> "not valid yet (a clock is off)";
      case WRONG_AUDIENCE -> "wrong audience";
      case WRONG_ISSUER -> "wrong issuer";
      case INVALID_CLAIMS -> "a required claim (sub, exp) is missing or not valid";
      case TOO_OLD -> "issued too long ago";
      default -> "not signed by a key linkgate trusts";
    };
  }

  /** The page text for a reader stopped after {@link #MAX_ROUND_TRIPS} round-trips. */
  static String explanation(Rejection why) {
    if (why == Rejection.NO_CREDENTIALS) {
      return "You went to the sign-in page " + MAX_ROUND_TRIPS + " times, but linkgate still received no"
          + " session (token: " + reason(why) + "). Signing in again will not help until this is fixed;"
          + " please tell the site's support. You can try the link again in a few minutes.";
    }
    return "You are signed in to the site, but linkgate could not verify your session (token: "
        + reason(why) + "). Signing in again will not help until this is fixed; please tell the site's"
        + " support. You can try the link again in a few minutes.";
  }
}
