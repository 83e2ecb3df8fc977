package linkgate.articles;

import java.util.Arrays;

/**
 * Punycode decoding (RFC 3492 §6.2), needed because {@link java.net.IDN#toUnicode(String, int)}
 * silently returns an {@code xn--} label unchanged when it does not round-trip under IDNA 2003,
 * which is the case for valid labels holding ß or ς. Stateless.
 */
final class Punycode {

  private static final int BASE = 36;
  private static final int TMIN = 1;
  private static final int TMAX = 26;
  private static final int SKEW = 38;
  private static final int DAMP = 700;

  private Punycode() {}

  /**
   * @param encoded the label without its {@code xn--} prefix
   * @return the decoded label, or {@code null} if it is not valid punycode
   */
  static String decode(String encoded) {
    int delimiter = encoded.lastIndexOf('-');
    StringBuilder output = new StringBuilder();
    for (int j = 0; j < Math.max(delimiter, 0); j++) {
      output.append(encoded.charAt(j)); // basic code points, already checked to be ASCII LDH
    }
    int[] codePoints = output.codePoints().toArray();
    int length = codePoints.length;
    codePoints = Arrays.copyOf(codePoints, encoded.length());
    int n = 0x80;
    int i = 0;
    int bias = 72;
    for (int in = delimiter > 0 ? delimiter + 1 : 0; in < encoded.length(); ) {
      int oldI = i;
      int w = 1;
      for (int k = BASE; ; k += BASE) {
        if (in >= encoded.length()) {
          return null;
        }
        int digit = digit(encoded.charAt(in++));
        if (digit < 0 || digit > (Integer.MAX_VALUE - i) / w) {
          return null;
        }
        i += digit * w;
        int t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
        if (digit < t) {
          break;
        }
        if (w > Integer.MAX_VALUE / (BASE - t)) {
          return null;
        }
        w *= BASE - t;
      }
      bias = adapt(i - oldI, length + 1, oldI == 0);
      if (i / (length + 1) > Integer.MAX_VALUE - n) {
        return null;
      }
      n += i / (length + 1);
      i %= length + 1;
      if (n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF)) {
        return null;
      }
      System.arraycopy(codePoints, i, codePoints, i + 1, length - i);
      codePoints[i++] = n;
      length++;
    }
    return new String(codePoints, 0, length);
  }

  private static int adapt(int delta, int points, boolean first) {
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / points;
    int k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
      delta /= BASE - TMIN;
      k += BASE;
    }
    return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
  }

  private static int digit(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 26;
    }
    return -1;
  }
}
