package linkgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8}. Immutable. */
public record Cidr(byte[] network, int prefix, String text) {
  // Four decimal octets, no leading zeros: like inet_pton(3). The legacy forms InetAddress also
  // takes ("10" = 0.0.0.10, "127.1", "010.0.0.1") would silently turn "10/8" into 0.0.0.0/8.
  private static final Pattern IPV4 =
      Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");
  private static final Pattern PREFIX = Pattern.compile("\\d{1,9}");

  /** Parses {@code a.b.c.d/n}, {@code ::1/128} or a bare address (a single host). */
  public static Cidr parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address, text) : ipv4(address, text);
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String digits = s.substring(slash + 1);
      if (!PREFIX.matcher(digits).matches()) {
        throw notAnAddress(text);
      }
      prefix = Integer.parseInt(digits);
      if (prefix > max) {
        throw new IllegalArgumentException(
            "\"" + text + "\" has a prefix length outside 0-" + max);
      }
    }
    return new Cidr(bytes, prefix, s);
  }

  private static byte[] ipv4(String address, String text) {
    Matcher m = IPV4.matcher(address);
    if (!m.matches()) {
      throw notAnAddress(text);
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(m.group(i + 1));
      if (octet > 255) {
        throw notAnAddress(text);
      }
      bytes[i] = (byte) octet;
    }
    return bytes;
  }

  private static byte[] ipv6(String address, String text) {
    if (!IPV6.matcher(address).matches()) {
      throw notAnAddress(text);
    }
    try {
      // Starts with a hex digit or ':' and holds a ':', so InetAddress parses it as an IPv6
      // literal and never asks DNS.
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw notAnAddress(text);
    }
  }

  private static IllegalArgumentException notAnAddress(String text) {
    return new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR");
  }

  /** True when {@code address} (raw bytes, 4 or 16) lies in this network. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[full] & mask) == (network[full] & mask);
  }
}
