package linkgate.articles;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes the path, query and fragment of an article URL so the result is printable
 * ASCII that browsers and {@link java.net.URI} read the same way. Existing valid {@code %XX}
 * escapes are kept as they are: decoding {@code %2F} or {@code %2e} would change the path the
 * destination server sees. Stateless.
 */
final class PercentEncoder {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * Characters encoded everywhere: those the WHATWG URL Standard puts in its fragment, query and
   * path percent-encode sets (space, ", <, >, `, {, }) plus |, ^ that {@link java.net.URI} refuses.
   * ' stays (the WHATWG "special-query" set would encode it; both forms reach the same resource).
   */
  private static final String ALWAYS = "\"<>`{}|^";

  /** java.net.URI allows [ and ] in the query and fragment but not in the path. */
  private static final String IN_PATH = "[]";

  private enum Part { PATH, QUERY, FRAGMENT }

  private PercentEncoder() {}

  /**
   * @param tail everything after the authority: empty or starting with {@code /}, {@code ?} or
   *     {@code #}; already free of whitespace, controls and backslashes
   * @return the encoded tail; an empty path becomes {@code /} (WHATWG: special URLs always have
   *     a path)
   */
  static String pathQueryFragment(String tail) {
    StringBuilder out = new StringBuilder(tail.length() + 8);
    if (!tail.startsWith("/")) {
      out.append('/');
    }
    Part part = Part.PATH;
    for (int i = 0; i < tail.length(); ) {
      int c = tail.codePointAt(i);
      i += Character.charCount(c);
      if (c == '?' && part == Part.PATH) {
        part = Part.QUERY;
        out.append('?');
      } else if (c == '#') {
        // The first # starts the fragment; later ones are data and must not look like one.
        out.append(part == Part.FRAGMENT ? "%23" : "#");
        part = Part.FRAGMENT;
      } else if (c == '%') {
        out.append(isHex(tail, i) && isHex(tail, i + 1) ? "%" : "%25");
      } else if (c > 0x7E || ALWAYS.indexOf(c) >= 0 || (part == Part.PATH && IN_PATH.indexOf(c) >= 0)) {
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Ipv4Address.digit(s.charAt(i), 16) >= 0;
  }
}
