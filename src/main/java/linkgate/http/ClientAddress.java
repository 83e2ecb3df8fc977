package linkgate.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import linkgate.config.Cidr;

/**
 * Who the client is, for per-client limits: the TCP peer's address, unless the peer is one of
 * {@code http.trustedProxies}; then {@code X-Forwarded-For} is walked from the right, skipping
 * trusted proxies, and the first address that is not one is the client. Everything left of it
 * was written by the client itself and is never believed. {@code Forwarded} (RFC 7239) and the
 * other {@code X-Forwarded-*} headers are never read.
 *
 * <p>A malformed entry (empty, {@code unknown}, a name, anything but an IP address) stops the walk: a
 * trusted proxy wrote it, so nothing beyond it can be attributed; the client is then the last
 * trusted hop reached (the proxy that handed us the garbage). The same holds when every entry is
 * a trusted proxy, or after {@value #MAX_HOPS} hops.
 *
 * <p>The result is a bucket key: an IPv4 address in dotted decimal, or an IPv6 client's /64
 * network ({@code 2001:db8:1:2::/64}), since one subscriber usually holds a whole /64 and could
 * otherwise take a fresh bucket per address.
 *
 * <p>Thread-safe. Without trusted proxies, an IPv4 peer costs no allocation.
 */
public final class ClientAddress {
  static final int MAX_HOPS = 32;

  private final List<Cidr> trusted;
  private final Cache<String, Boolean> trustedPeers;

  public ClientAddress(List<Cidr> trustedProxies) {
    this.trusted = List.copyOf(trustedProxies);
    this.trustedPeers = trusted.isEmpty() ? null : Caffeine.newBuilder().maximumSize(10_000).build();
  }

  /** The client of {@code request} as a bucket key. */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String host = peer == null ? null : peer.host();
    if (host == null) {
      return "unknown";
    }
    if (trustedPeers == null || !trustedPeers.get(host, h -> isTrusted(bytes(h)))) {
      return key(host);
    }
    return client(host, request.headers().getAll("X-Forwarded-For"));
  }

  /**
   * The client behind the trusted peer {@code peerHost}, given the {@code X-Forwarded-For} headers
   * in the order received (several headers count as one comma-separated list).
   */
  public String client(String peerHost, List<String> forwardedFor) {
    byte[] lastTrusted = bytes(peerHost);
    if (lastTrusted == null) {
      return "unknown";
    }
    int hops = 0;
    for (int h = forwardedFor.size() - 1; h >= 0; h--) {
      String header = forwardedFor.get(h);
      int end = header.length();
      while (true) {
        int comma = header.lastIndexOf(',', end - 1);
        byte[] address = entry(header.substring(comma + 1, end).strip());
        if (address == null || ++hops > MAX_HOPS) {
          return key(lastTrusted);
        }
        if (!isTrusted(address)) {
          return key(address);
        }
        lastTrusted = address;
        if (comma < 0) {
          break;
        }
        end = comma;
      }
    }
    return key(lastTrusted);
  }

  private boolean isTrusted(byte[] address) {
    if (address == null) {
      return false;
    }
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One X-Forwarded-For entry: an IPv4 or IPv6 address, optionally with a port
   * ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}) as some proxies write; null otherwise.
   */
  static byte[] entry(String entry) {
    String address = entry;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0 || (close + 1 < address.length() && !port(address.substring(close + 1)))) {
        return null;
      }
      address = address.substring(1, close);
    } else {
      int colon = address.indexOf(':');
      if (colon >= 0 && colon == address.lastIndexOf(':') && address.indexOf('.') >= 0) {
        if (!port(address.substring(colon))) {
          return null;
        }
        address = address.substring(0, colon);
      }
    }
    return bytes(address);
  }

  private static boolean port(String colonDigits) {
    if (colonDigits.length() < 2 || colonDigits.length() > 6 || colonDigits.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < colonDigits.length(); i++) {
      if (colonDigits.charAt(i) < '0' || colonDigits.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The raw bytes of an IP literal (4 or 16; IPv4-mapped IPv6 becomes 4), or null. */
  static byte[] bytes(String literal) {
    String s = literal;
    int zone = s.indexOf('%');
    if (zone >= 0 && s.indexOf(':') >= 0) {
      s = s.substring(0, zone); // a link-local peer's scope id says nothing about the client
    }
    if (s.isEmpty() || s.indexOf('/') >= 0) {
      return null;
    }
    try {
      return Cidr.parse(s).network();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The bucket key of a peer's host string; an IPv4 literal is its own key. */
  static String key(String host) {
    if (host.indexOf(':') < 0) {
      return host;
    }
    byte[] address = bytes(host);
    return address == null ? host : key(address);
  }

  static String key(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
    }
    StringBuilder out = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      out.append(Integer.toHexString(((address[i] & 0xFF) << 8) | (address[i + 1] & 0xFF))).append(':');
    }
    return out.append(":/64").toString();
  }
}
