package linkgate.articles;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Validates the destination URL an admin stores for an article and turns it into the one
 * canonical form that linkgate later sends, unchanged, as {@code 302 Location}.
 *
 * <p>The threat is an open redirect: the {@code Location} must never take a browser to a host
 * other than the one the admin sees in the stored URL. So the rules are strict (anything
 * unusual is refused) and what is accepted is rewritten until a browser following the WHATWG
 * URL Standard reads the same host we validated:
 *
 * <ul>
 *   <li>absolute {@code http://} or {@code https://} (ASCII, any case), with a host, no user
 *       info, no backslash, no whitespace, control or invisible formatting characters, at most
 *       {@value #MAX_LENGTH} characters before and after encoding;
 *   <li>the host comes out lower-case ASCII: IDN labels in punycode ({@code xn--}), hosts that a
 *       browser reads as IPv4 numbers ({@code 0x7f.1}, {@code 2130706433}) in dotted decimal,
 *       IPv6 literals in their shortest form; a trailing dot is refused;
 *   <li>the port is kept unless it is the scheme's default; {@code :} without digits is refused;
 *   <li>path, query and fragment are kept but percent-encoded (UTF-8) wherever a browser or
 *       {@link java.net.URI} would otherwise have to guess; existing {@code %XX} are kept.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ArticleUrl {

  /** Longest URL accepted, in UTF-16 characters, both as typed and once encoded. */
  public static final int MAX_LENGTH = 2048;

  private ArticleUrl() {}

  /**
   * Validates a raw URL from an admin and returns its canonical, ASCII, percent-encoded form.
   * Applying it to its own result returns the same string.
   *
   * @param raw the URL as the admin typed it; may be {@code null}
   * @return a URL of at most {@value #MAX_LENGTH} printable ASCII characters, safe to put into a
   *     {@code Location} header as-is
   * @throws InvalidUrlException when the URL breaks a rule; the message says which
   */
  public static String canonical(String raw) throws InvalidUrlException {
    if (raw == null || raw.isEmpty()) {
      throw new InvalidUrlException("URL is empty");
    }
    if (raw.length() > MAX_LENGTH) {
      throw new InvalidUrlException("URL is longer than " + MAX_LENGTH + " characters");
    }
    rejectUnsafeCharacters(raw);
    String scheme = scheme(raw);
    int authorityStart = scheme.length() + "://".length();
    int authorityEnd = endOfAuthority(raw, authorityStart);
    Authority authority = Authority.parse(raw.substring(authorityStart, authorityEnd));

    String host = UrlHost.canonical(authority.host());
    int port = port(authority.port());
    StringBuilder url = new StringBuilder(raw.length() + 16).append(scheme).append("://").append(host);
    if (port != -1 && port != defaultPort(scheme)) {
      url.append(':').append(port);
    }
    url.append(PercentEncoder.pathQueryFragment(raw.substring(authorityEnd)));
    if (url.length() > MAX_LENGTH) {
      throw new InvalidUrlException("URL is longer than " + MAX_LENGTH + " characters once encoded");
    }
    String result = url.toString();
    verify(result, host);
    return result;
  }

  /**
   * The host of a URL that {@link #canonical(String)} accepts, as it appears in the canonical
   * form: lower-case ASCII, IPv4 in dotted decimal, IPv6 in brackets. Meant for allow-lists.
   *
   * @param canonicalUrl a stored (canonical) article URL
   * @throws IllegalArgumentException when {@code canonical} would refuse the URL
   */
  public static String host(String canonicalUrl) {
    String url;
    try {
      url = canonical(canonicalUrl);
    } catch (InvalidUrlException e) {
      throw new IllegalArgumentException("not a valid article URL: " + e.getMessage(), e);
    }
    int start = url.indexOf("://") + 3;
    return Authority.hostOfCanonical(url.substring(start, endOfAuthority(url, start)));
  }

  /**
   * Refuses characters a browser would strip, fold or act on before parsing (WHATWG URL
   * Standard, "basic URL parser": leading/trailing C0 controls and spaces are trimmed and tab/LF/CR
   * removed anywhere, which is how {@code java\tscript:} becomes {@code javascript:}), characters
   * an admin cannot see, and the backslash, which browsers read as {@code /} in http(s) URLs.
   */
  private static void rejectUnsafeCharacters(String raw) throws InvalidUrlException {
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      i += Character.charCount(c);
      if (c <= 0x20 || (c >= 0x7F && c <= 0x9F)
          || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new InvalidUrlException("URL must not contain whitespace or control characters");
      }
      switch (Character.getType(c)) {
        // Cf: U+200B..U+200F zero-widths and marks, U+202A..U+202E and U+2066..U+2069 bidi
        // controls, U+FEFF, U+00AD, U+2060: they hide or reorder what the admin reads.
        case Character.FORMAT -> throw new InvalidUrlException(
            "URL must not contain invisible formatting characters (zero-width or text-direction marks)");
        case Character.SURROGATE -> throw new InvalidUrlException(
            "URL contains a broken Unicode character");
        default -> { }
      }
      if (c == '\\') {
        throw new InvalidUrlException("URL must not contain a backslash");
      }
    }
  }

  /**
   * Only {@code http://} and {@code https://}, compared ASCII-case-insensitively: {@link
   * String#regionMatches(boolean, int, String, int, int)} would also let {@code httpſ://} (long s)
   * or a Kelvin sign through. Requiring the two slashes refuses {@code https:evil.com} and
   * {@code https:/evil.com}, which browsers resolve to the host {@code evil.com}.
   */
  private static String scheme(String raw) throws InvalidUrlException {
    if (startsWithAsciiIgnoreCase(raw, "https://")) {
      return "https";
    }
    if (startsWithAsciiIgnoreCase(raw, "http://")) {
      return "http";
    }
    throw new InvalidUrlException("URL must start with http:// or https://");
  }

  private static boolean startsWithAsciiIgnoreCase(String s, String lowerCasePrefix) {
    if (s.length() < lowerCasePrefix.length()) {
      return false;
    }
    for (int i = 0; i < lowerCasePrefix.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerCasePrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** WHATWG "authority state": the authority ends at {@code / ? #} (and {@code \}, refused earlier). */
  static int endOfAuthority(String url, int from) {
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }

  /** @return the port, or -1 when the URL has none */
  private static int port(String digits) throws InvalidUrlException {
    if (digits == null) {
      return -1;
    }
    // ":" with no digits is refused rather than dropped: it is unusual, and strict beats clever.
    if (digits.isEmpty()) {
      throw new InvalidUrlException("URL port must be 1-65535");
    }
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidUrlException("URL port must be 1-65535");
      }
      port = port * 10 + (c - '0');
      if (port > 65535) {
        throw new InvalidUrlException("URL port must be 1-65535");
      }
    }
    if (port == 0) {
      throw new InvalidUrlException("URL port must be 1-65535");
    }
    return port;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /**
   * Last line of defence: whatever the rules above missed, the result must be printable ASCII
   * and {@link URI} must read the host we validated from it.
   */
  private static void verify(String url, String host) throws InvalidUrlException {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new InvalidUrlException("URL could not be encoded safely");
      }
    }
    String parsedHost;
    try {
      parsedHost = new URI(url).getHost();
    } catch (URISyntaxException e) {
      throw new InvalidUrlException("URL could not be encoded safely");
    }
    if (parsedHost == null || !unbracketed(parsedHost).equalsIgnoreCase(unbracketed(host))) {
      throw new InvalidUrlException("URL could not be encoded safely");
    }
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Host and port text of an authority; user info is refused here. */
  private record Authority(String host, String port) {

    static Authority parse(String authority) throws InvalidUrlException {
      // WHATWG splits user info at the last "@"; other parsers at the first. Refusing any "@"
      // removes the disagreement (good.com@evil.com, good.com:443@evil.com, evil.com%2F@good.com).
      if (authority.indexOf('@') >= 0) {
        throw new InvalidUrlException("URL must not contain user info (the part before @)");
      }
      String host = authority;
      String port = null;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close >= 0) {
          host = authority.substring(0, close + 1);
          String rest = authority.substring(close + 1);
          if (!rest.isEmpty() && rest.charAt(0) != ':') {
            throw new InvalidUrlException(
                "URL host " + UrlHost.quoted(authority) + " is not a valid IPv6 address");
          }
          port = rest.isEmpty() ? null : rest.substring(1);
        }
      } else {
        int colon = authority.indexOf(':');
        if (colon >= 0) {
          host = authority.substring(0, colon);
          port = authority.substring(colon + 1);
        }
      }
      if (host.isEmpty()) {
        throw new InvalidUrlException("URL has no host");
      }
      return new Authority(host, port);
    }

    static String hostOfCanonical(String authority) {
      if (authority.startsWith("[")) {
        return authority.substring(0, authority.indexOf(']') + 1);
      }
      int colon = authority.indexOf(':');
      return (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
    }
  }
}
