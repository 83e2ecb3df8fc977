package linkgate.articles;

/**
 * Parses the text between the brackets of an IPv6 literal and serialises it the way the WHATWG
 * URL Standard does ("IPv6 serializer"): lower-case hex without leading zeros, the first longest
 * run of two or more zero pieces written {@code ::}, an embedded IPv4 tail as two hex pieces
 * ({@code ::ffff:127.0.0.1} becomes {@code ::ffff:7f00:1}). Zone ids never reach here. Stateless.
 */
final class Ipv6Address {

  private Ipv6Address() {}

  /** @return the canonical text without brackets, or {@code null} if it is not an IPv6 address */
  static String canonical(String text) {
    int[] pieces = parse(text);
    return pieces == null ? null : serialise(pieces);
  }

  static int[] parse(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ':' && c != '.' && Ipv4Address.digit(c, 16) < 0) {
        return null;
      }
    }
    int compress = text.indexOf("::");
    // An IPv4 tail is only allowed last: "1.2.3.4::" fails in the WHATWG parser as well.
    if (compress >= 0 && text.indexOf("::", compress + 1) >= 0) {
      return null; // at most one "::"
    }
    int[] head = compress < 0 ? pieces(text) : pieces(text.substring(0, compress));
    int[] tail = compress < 0 ? new int[0] : pieces(text.substring(compress + 2));
    if (head == null || tail == null || (compress >= 0 && text.substring(0, compress).indexOf('.') >= 0)) {
      return null;
    }
    int explicit = head.length + tail.length;
    // Without "::" there must be eight pieces; with it, "::" stands for at least one zero piece.
    if (compress < 0 ? explicit != 8 : explicit > 7) {
      return null;
    }
    int[] address = new int[8];
    System.arraycopy(head, 0, address, 0, head.length);
    System.arraycopy(tail, 0, address, 8 - tail.length, tail.length);
    return address;
  }

  /** Colon-separated hex pieces; the last may be a dotted IPv4 address worth two pieces. */
  private static int[] pieces(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    String last = parts[parts.length - 1];
    boolean ipv4 = last.indexOf('.') >= 0;
    int[] out = new int[parts.length + (ipv4 ? 1 : 0)];
    for (int i = 0; i < parts.length - (ipv4 ? 1 : 0); i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4 || p.indexOf('.') >= 0) {
        return null;
      }
      out[i] = Integer.parseInt(p, 16);
    }
    if (ipv4) {
      long v4 = dottedQuad(last);
      if (v4 < 0) {
        return null;
      }
      out[out.length - 2] = (int) (v4 >>> 16);
      out[out.length - 1] = (int) (v4 & 0xFFFF);
    }
    return out;
  }

  /**
   * Strict dotted decimal, as the WHATWG IPv6 parser wants it inside brackets: four parts of one
   * to three digits, no leading zeros, each at most 255.
   *
   * @return the 32-bit address, or -1
   */
  private static long dottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long address = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return -1;
      }
      int value = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return -1;
      }
      address = (address << 8) | value;
    }
    return address;
  }

  static String serialise(int[] address) {
    int bestStart = -1;
    int bestLength = 1; // a run must be at least two pieces long
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && address[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      out.append(Integer.toHexString(address[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}
