package linkgate.articles;

import java.net.IDN;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the host of an article URL into the ASCII form a browser would connect to, or refuses
 * it. Follows the order of the WHATWG URL Standard's "host parser": IPv6 literal, else domain to
 * ASCII, else (when the domain "ends in a number") IPv4. Stateless.
 */
final class UrlHost {

  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 253;

  private UrlHost() {}

  static String canonical(String host) throws InvalidUrlException {
    // Browsers percent-decode the host before anything else (WHATWG "host parser" step 4), so
    // good.com%2Eevil.com is evil.com's subdomain to them. We refuse "%" outright.
    if (host.indexOf('%') >= 0) {
      throw new InvalidUrlException(host.startsWith("[")
          ? "URL must not contain an IPv6 zone id (the part after %)"
          : "URL host must not contain percent-encoding (%)");
    }
    if (host.startsWith("[")) {
      if (!host.endsWith("]")) {
        throw new InvalidUrlException("URL host " + quoted(host) + " is not a valid IPv6 address");
      }
      String address = Ipv6Address.canonical(host.substring(1, host.length() - 1));
      if (address == null) {
        throw new InvalidUrlException("URL host " + quoted(host) + " is not a valid IPv6 address");
      }
      return "[" + address + "]";
    }
    List<String> labels = asciiLabels(host);
    // WHATWG "ends in a number": such a host is parsed as IPv4 (0x7f.1, 2130706433, 0177.0.0.1).
    if (endsInNumber(labels.get(labels.size() - 1))) {
      String address = Ipv4Address.canonical(labels);
      if (address == null) {
        throw new InvalidUrlException(
            "URL host " + quoted(host) + " looks like an IPv4 address but is not a valid one");
      }
      return address;
    }
    String name = String.join(".", labels);
    // java.net.URI (RFC 2396 "toplabel") and DNS want the last label to start with a letter.
    char first = name.charAt(name.lastIndexOf('.') + 1);
    if (first < 'a' || first > 'z' || name.length() > MAX_NAME) {
      throw invalidName(host);
    }
    return name;
  }

  /**
   * Splits on the dots IDNA recognises (U+002E, U+3002, U+FF0E, U+FF61) and converts each label
   * with {@link IDN#toASCII(String, int)} under STD3 rules: NFKC and case folding as a browser
   * does ({@code ｅｖｉｌ．ｃｏｍ} is {@code evil.com}), then letters, digits and hyphens only.
   */
  private static List<String> asciiLabels(String host) throws InvalidUrlException {
    String[] raw = host.split("[.\u3002\uFF0E\uFF61]", -1);
    boolean trailingDot = raw.length > 1 && raw[raw.length - 1].isEmpty();
    List<String> labels = new ArrayList<>(raw.length);
    for (int i = 0; i < (trailingDot ? raw.length - 1 : raw.length); i++) {
      labels.add(asciiLabel(raw[i], host));
    }
    if (trailingDot) {
      // A trailing dot is refused rather than stripped: browsers keep it (another origin for
      // cookies and TLS), and the admin should see exactly the host we redirect to.
      throw new InvalidUrlException("URL host " + quoted(host) + " must not end with a dot");
    }
    return labels;
  }

  private static String asciiLabel(String label, String host) throws InvalidUrlException {
    if (label.isEmpty()) {
      throw invalidName(host);
    }
    rejectDeviations(label, host);
    String ascii;
    try {
      ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw invalidName(host);
    }
    if (ascii.isEmpty() || ascii.length() > MAX_LABEL || !isLdh(ascii)) {
      throw invalidName(host);
    }
    if (ascii.startsWith("xn--")) {
      checkPunycode(ascii, host);
    }
    return ascii;
  }

  /**
   * IDNA 2003 (what {@link IDN} implements) maps ß to "ss" and ς to σ; browsers (UTS #46,
   * non-transitional, as the WHATWG URL Standard requires) keep them and reach another host.
   * Refuse them so the two never disagree; the admin can type the xn-- form instead.
   */
  private static void rejectDeviations(String label, String host) throws InvalidUrlException {
    if (label.indexOf('\u00DF') >= 0 || label.indexOf('\u03C2') >= 0) {
      throw new InvalidUrlException("URL host " + quoted(host)
          + " contains ß or ς, which browsers convert differently; enter its xn-- form");
    }
  }

  /**
   * An xn-- label must be punycode for a valid non-ASCII label, as browsers require. It must also
   * be the form IDN produces for that label, so one host has one spelling; labels holding ß or ς
   * are the exception: IDNA 2003 cannot produce them, so they are checked for case and NFKC
   * instead and kept exactly as typed, which is what browsers do with them.
   */
  private static void checkPunycode(String label, String host) throws InvalidUrlException {
    String unicode = Punycode.decode(label.substring(4));
    if (unicode == null || unicode.chars().allMatch(c -> c < 0x80)) {
      throw invalidName(host);
    }
    boolean deviation = unicode.indexOf('\u00DF') >= 0 || unicode.indexOf('\u03C2') >= 0;
    try {
      if (!deviation) {
        if (!IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equals(label)) {
          throw invalidName(host);
        }
      } else {
        IDN.toASCII(unicode.replace("\u00DF", "ss").replace('\u03C2', '\u03C3'), IDN.USE_STD3_ASCII_RULES);
        String folded = Normalizer.normalize(unicode.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
        if (!folded.equals(unicode)) {
          throw invalidName(host);
        }
      }
    } catch (IllegalArgumentException e) {
      throw invalidName(host);
    }
  }

  /** Lower-case letters, digits, hyphen; no hyphen first or last (RFC 1123 §2.1, STD3). */
  private static boolean isLdh(String label) {
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return label.charAt(0) != '-' && label.charAt(label.length() - 1) != '-';
  }

  /** WHATWG "ends in a number" on a lower-cased label: all digits, or 0x and hex digits (maybe none). */
  static boolean endsInNumber(String last) {
    boolean hex = last.startsWith("0x");
    for (int i = hex ? 2 : 0; i < last.length(); i++) {
      if (Ipv4Address.digit(last.charAt(i), hex ? 16 : 10) < 0) {
        return false;
      }
    }
    return true;
  }

  private static InvalidUrlException invalidName(String host) {
    return new InvalidUrlException("URL host " + quoted(host) + " is not a valid host name");
  }

  /** Quotes a host for a message, shortened; callers only pass text free of control characters. */
  static String quoted(String host) {
    if (host.codePointCount(0, host.length()) > 64) {
      host = host.substring(0, host.offsetByCodePoints(0, 61)) + "...";
    }
    return "\"" + host + "\"";
  }
}
