package linkgate.articles;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test oracle: the host a browser navigates to when given an absolute URL string, following the
 * WHATWG URL Standard (https://url.spec.whatwg.org/, "basic URL parser" and "host parser") for
 * the special schemes http and https, without a base URL.
 *
 * <p>Written independently of {@link ArticleUrl} and as close to the standard's steps as a test
 * helper can be: where {@code ArticleUrl} refuses (backslashes, tabs, "@", "%" in hosts), this
 * class does what a browser does, so the suite can tell whether a refused trick would have
 * worked and whether an accepted URL really stays on its host.
 *
 * <p>Known approximations, none of which matter for URLs {@code ArticleUrl} accepts:
 *
 * <ul>
 *   <li>"domain to ASCII" uses {@link IDN} (IDNA 2003, Unicode 3.2) instead of UTS #46: it maps
 *       ß to "ss" and ς to σ where browsers keep them, and knows fewer characters. {@code
 *       ArticleUrl} refuses ß and ς for exactly this reason.
 *   <li>without a base URL, a string with no scheme ({@code //evil.com}) is a failure here; in a
 *       {@code Location} header a browser would resolve it against linkgate's own URL and go to
 *       evil.com. {@code ArticleUrl} refuses every such string.
 * </ul>
 */
public final class WhatwgHost {

  private WhatwgHost() {}

  /**
   * @return the host (lower-case ASCII, IPv4 dotted decimal, IPv6 in brackets) a browser would
   *     navigate to, or {@code ""} when it would not reach an http(s) host at all (another scheme
   *     such as {@code javascript:}, or a parse failure)
   */
  public static String of(String input) {
    // "basic URL parser", step 1-3: trim leading/trailing C0 control or space, then remove all
    // ASCII tab or newline anywhere. This is how "java\tscript:" and " javascript:" still run.
    String s = trimC0AndSpace(input).replaceAll("[\t\n\r]", "");

    // "scheme start state" / "scheme state": ASCII alpha, then alphanumerics, +, -, . until ":".
    int colon = schemeEnd(s);
    if (colon < 0) {
      return ""; // "no scheme state" without a base: failure
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "";
    }
    // "special authority slashes state" / "special authority ignore slashes state": without a
    // base (or with one of another scheme) any number of "/" and "\" is skipped, none included:
    // "https:evil.com", "https:/\evil.com" and "https:////evil.com" all reach evil.com.
    int p = colon + 1;
    while (p < s.length() && (s.charAt(p) == '/' || s.charAt(p) == '\\')) {
      p++;
    }
    // "authority state": ends at "/", "\" (special schemes), "?", "#" or the end.
    int end = p;
    while (end < s.length() && "/\\?#".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    String authority = s.substring(p, end);
    // The LAST "@" ends the user info: "a@b@evil.com" has user info "a%40b".
    int at = authority.lastIndexOf('@');
    String hostAndPort = authority.substring(at + 1);
    if (at >= 0 && hostAndPort.isEmpty()) {
      return ""; // "host-missing" failure
    }
    // "host state": a ":" outside brackets starts the port.
    int portColon = -1;
    boolean inBrackets = false;
    for (int i = 0; i < hostAndPort.length() && portColon < 0; i++) {
      char c = hostAndPort.charAt(i);
      if (c == '[') {
        inBrackets = true;
      } else if (c == ']') {
        inBrackets = false;
      } else if (c == ':' && !inBrackets) {
        portColon = i;
      }
    }
    String hostText = portColon < 0 ? hostAndPort : hostAndPort.substring(0, portColon);
    if (hostText.isEmpty()) {
      return ""; // special schemes need a host
    }
    if (portColon >= 0 && !validPort(hostAndPort.substring(portColon + 1))) {
      return "";
    }
    String host = parseHost(hostText);
    return host == null ? "" : host;
  }

  private static String trimC0AndSpace(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) <= 0x20) {
      from++;
    }
    while (to > from && s.charAt(to - 1) <= 0x20) {
      to--;
    }
    return s.substring(from, to);
  }

  private static int schemeEnd(String s) {
    if (s.isEmpty() || !isAsciiAlpha(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isAsciiAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** "port state": ASCII digits only (may be empty), at most 65535. */
  private static boolean validPort(String digits) {
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
      if (value > 65535) {
        return false;
      }
    }
    return true;
  }

  /** "host parser" for a special (not opaque) host; {@code null} on failure. */
  static String parseHost(String input) {
    if (input.startsWith("[")) {
      if (!input.endsWith("]")) {
        return null;
      }
      int[] address = parseIpv6(input.substring(1, input.length() - 1));
      return address == null ? null : "[" + serialiseIpv6(address) + "]";
    }
    // Step 4-5: percent-decode, then UTF-8 decode without BOM (bad bytes become U+FFFD).
    String domain = new String(percentDecode(input), StandardCharsets.UTF_8);
    String ascii = domainToAscii(domain);
    if (ascii == null || ascii.isEmpty()) {
      return null;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (isForbiddenDomainCodePoint(ascii.charAt(i))) {
        return null;
      }
    }
    List<String> parts = new ArrayList<>(List.of(ascii.split("\\.", -1)));
    if (endsInNumber(parts)) {
      return parseIpv4(parts);
    }
    return ascii;
  }

  private static byte[] percentDecode(String input) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toByteArray();
  }

  private static int hex(int b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /**
   * "domain to ASCII" with beStrict = false (UTS #46 ToASCII, UseSTD3ASCIIRules = false,
   * CheckHyphens = false, VerifyDnsLength = false), approximated label by label with {@link IDN}.
   * Empty labels are kept, as browsers keep them ("a..b", a trailing dot).
   */
  private static String domainToAscii(String domain) {
    String[] labels = domain.split("[.\u3002\uFF0E\uFF61]", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      String ascii;
      if (label.chars().allMatch(c -> c < 0x80)) {
        ascii = label.toLowerCase(Locale.ROOT);
      } else {
        try {
          ascii = IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      // UTS #46 decodes and validates "xn--" labels; broken punycode is an error. (IDN.toUnicode
      // cannot tell: it also gives up on valid labels holding ß, so use the RFC 3492 decoder.)
      if (ascii.startsWith("xn--") && Punycode.decode(ascii.substring(4)) == null) {
        return null;
      }
      out.append(i == 0 ? "" : ".").append(ascii);
    }
    return out.toString();
  }

  /** "forbidden domain code point": forbidden host code points, C0 controls, "%", DEL. */
  private static boolean isForbiddenDomainCodePoint(char c) {
    return c <= 0x1F || c == 0x7F || " #%/:<>?@[\\]^|".indexOf(c) >= 0;
  }

  /** "ends in a number checker". */
  private static boolean endsInNumber(List<String> parts) {
    List<String> p = new ArrayList<>(parts);
    if (p.get(p.size() - 1).isEmpty()) {
      if (p.size() == 1) {
        return false;
      }
      p.remove(p.size() - 1);
    }
    String last = p.get(p.size() - 1);
    if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return ipv4Number(last) != null;
  }

  /** "IPv4 parser": 1-4 parts, the last filling the remaining bytes; {@code null} on failure. */
  private static String parseIpv4(List<String> input) {
    List<String> parts = new ArrayList<>(input);
    if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
      parts.remove(parts.size() - 1); // one trailing dot is allowed ("127.0.0.1.")
    }
    if (parts.size() > 4) {
      return null;
    }
    List<BigInteger> numbers = new ArrayList<>();
    for (String part : parts) {
      BigInteger n = ipv4Number(part);
      if (n == null) {
        return null;
      }
      numbers.add(n);
    }
    BigInteger byteLimit = BigInteger.valueOf(255);
    for (int i = 0; i < numbers.size() - 1; i++) {
      if (numbers.get(i).compareTo(byteLimit) > 0) {
        return null;
      }
    }
    BigInteger last = numbers.get(numbers.size() - 1);
    if (last.compareTo(BigInteger.valueOf(256).pow(5 - numbers.size())) >= 0) {
      return null;
    }
    long ipv4 = last.longValue();
    for (int i = 0; i < numbers.size() - 1; i++) {
      ipv4 += numbers.get(i).longValue() << (8 * (3 - i));
    }
    return (ipv4 >>> 24) + "." + ((ipv4 >>> 16) & 0xFF) + "." + ((ipv4 >>> 8) & 0xFF) + "." + (ipv4 & 0xFF);
  }

  /** "IPv4 number parser": decimal, 0x hex, or 0-led octal; arbitrary size; {@code null} on failure. */
  private static BigInteger ipv4Number(String input) {
    if (input.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (input.length() >= 2 && (input.startsWith("0x") || input.startsWith("0X"))) {
      input = input.substring(2);
      radix = 16;
    } else if (input.length() >= 2 && input.charAt(0) == '0') {
      input = input.substring(1);
      radix = 8;
    }
    if (input.isEmpty()) {
      return BigInteger.ZERO;
    }
    for (int i = 0; i < input.length(); i++) {
      int d = hex(input.charAt(i));
      if (d < 0 || d >= radix) {
        return null;
      }
    }
    return new BigInteger(input, radix);
  }

  /** "IPv6 parser", step by step as the standard writes it; {@code null} on failure. */
  static int[] parseIpv6(String input) {
    int[] address = new int[8];
    int pieceIndex = 0;
    int compress = -1;
    int pointer = 0;
    int length = input.length();
    if (pointer < length && input.charAt(pointer) == ':') {
      if (pointer + 1 >= length || input.charAt(pointer + 1) != ':') {
        return null;
      }
      pointer += 2;
      pieceIndex++;
      compress = pieceIndex;
    }
    while (pointer < length) {
      if (pieceIndex == 8) {
        return null;
      }
      if (input.charAt(pointer) == ':') {
        if (compress != -1) {
          return null;
        }
        pointer++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      int value = 0;
      int digits = 0;
      while (digits < 4 && pointer < length && hex(input.charAt(pointer)) >= 0) {
        value = value * 0x10 + hex(input.charAt(pointer));
        pointer++;
        digits++;
      }
      if (pointer < length && input.charAt(pointer) == '.') {
        if (digits == 0) {
          return null;
        }
        pointer -= digits;
        if (pieceIndex > 6) {
          return null;
        }
        int numbersSeen = 0;
        while (pointer < length) {
          int ipv4Piece = -1;
          if (numbersSeen > 0) {
            if (input.charAt(pointer) == '.' && numbersSeen < 4) {
              pointer++;
            } else {
              return null;
            }
          }
          if (pointer >= length || !isDigit(input.charAt(pointer))) {
            return null;
          }
          while (pointer < length && isDigit(input.charAt(pointer))) {
            int number = input.charAt(pointer) - '0';
            if (ipv4Piece == -1) {
              ipv4Piece = number;
            } else if (ipv4Piece == 0) {
              return null; // leading zero
            } else {
              ipv4Piece = ipv4Piece * 10 + number;
            }
            if (ipv4Piece > 255) {
              return null;
            }
            pointer++;
          }
          address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
          numbersSeen++;
          if (numbersSeen == 2 || numbersSeen == 4) {
            pieceIndex++;
          }
        }
        if (numbersSeen != 4) {
          return null;
        }
        break;
      } else if (pointer < length && input.charAt(pointer) == ':') {
        pointer++;
        if (pointer >= length) {
          return null;
        }
      } else if (pointer < length) {
        return null;
      }
      address[pieceIndex] = value;
      pieceIndex++;
    }
    if (compress != -1) {
      int swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex != 0 && swaps > 0) {
        int t = address[pieceIndex];
        address[pieceIndex] = address[compress + swaps - 1];
        address[compress + swaps - 1] = t;
        pieceIndex--;
        swaps--;
      }
    } else if (pieceIndex != 8) {
      return null;
    }
    return address;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** "IPv6 serializer": compress the first longest run of two or more zero pieces. */
  static String serialiseIpv6(int[] address) {
    int compress = -1;
    int best = 1;
    for (int i = 0; i < 8; i++) {
      int run = 0;
      while (i + run < 8 && address[i + run] == 0) {
        run++;
      }
      if (run > best) {
        best = run;
        compress = i;
      }
    }
    StringBuilder out = new StringBuilder();
    boolean ignore0 = false;
    for (int pieceIndex = 0; pieceIndex < 8; pieceIndex++) {
      if (ignore0 && address[pieceIndex] == 0) {
        continue;
      }
      ignore0 = false;
      if (compress == pieceIndex) {
        out.append(pieceIndex == 0 ? "::" : ":");
        ignore0 = true;
        continue;
      }
      out.append(Integer.toHexString(address[pieceIndex]));
      if (pieceIndex != 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}
