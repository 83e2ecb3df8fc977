package linkgate.articles;

import java.util.List;

/**
 * The WHATWG URL Standard's "IPv4 parser": what a browser makes of a host that ends in a number.
 * One to four parts, each decimal, {@code 0x} hexadecimal or {@code 0}-led octal; the last part
 * fills the bytes left over. {@code 0x7f.1}, {@code 2130706433} and {@code 017700000001} are all
 * 127.0.0.1 to a browser, so we store them that way. Stateless.
 */
final class Ipv4Address {

  private Ipv4Address() {}

  /**
   * @param parts the host's labels, lower-case ASCII, none empty (a trailing dot was refused)
   * @return dotted decimal, or {@code null} where a browser would refuse the host too
   */
  static String canonical(List<String> parts) {
    if (parts.size() > 4) {
      return null;
    }
    long address = 0;
    for (int i = 0; i < parts.size(); i++) {
      long n = number(parts.get(i));
      boolean last = i == parts.size() - 1;
      // Every part but the last is one byte; the last fills 5 - size bytes (WHATWG IPv4 parser, 7-9).
      long limit = last ? 1L << (8 * (5 - parts.size())) : 256;
      if (n < 0 || n >= limit) {
        return null;
      }
      address = last ? address + n : address + (n << (8 * (3 - i)));
    }
    return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "."
        + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
  }

  /** WHATWG "IPv4 number parser"; -1 on failure or when above 2^32 (a failure either way). */
  private static long number(String part) {
    int radix = 10;
    int from = 0;
    if (part.startsWith("0x")) {
      radix = 16;
      from = 2;
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      from = 1;
    }
    long value = 0;
    for (int i = from; i < part.length(); i++) {
      int d = digit(part.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      value = value * radix + d;
      if (value > 0xFFFF_FFFFL) {
        return -1;
      }
    }
    return value; // "0x" alone is 0, as in the standard
  }

  /** ASCII-only {@link Character#digit(char, int)}: full-width digits must not count. */
  static int digit(char c, int radix) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return -1;
    }
    return d < radix ? d : -1;
  }
}
