package linkgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8}. Immutable. */
public record Cidr(byte[] network, int prefix, String text) {

  /** Parses {@code a.b.c.d/n}, {@code ::1/128} or a bare address (a single host). */
  public static Cidr parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) {
      // Only literals: InetAddress.getByName would otherwise do a DNS lookup.
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(
            "\"" + text + "\" has a prefix length outside 0-" + max);
      }
    }
    return new Cidr(bytes, prefix, s);
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
