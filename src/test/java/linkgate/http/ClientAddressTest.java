package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import linkgate.config.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The X-Forwarded-For walk of {@link ClientAddress}, without HTTP. */
class ClientAddressTest {
  private static final ClientAddress PROXIES =
      new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.1"), Cidr.parse("2001:db8:ffff::/48")));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // the right-most address that is not a trusted proxy is the client
      "198.51.100.7                               | 198.51.100.7",
      "203.0.113.5, 198.51.100.7                  | 198.51.100.7",
      "203.0.113.5, 198.51.100.7, 10.1.2.3        | 198.51.100.7",
      "198.51.100.7, 10.1.2.3, 192.0.2.1          | 198.51.100.7",
      "  198.51.100.7 ,10.0.0.9                   | 198.51.100.7",
      // a port some proxies append is ignored; IPv6 in brackets or bare
      "198.51.100.7:4711                          | 198.51.100.7",
      "[2001:db8:1:2::5]:443                      | 2001:db8:1:2::/64",
      "2001:db8:1:2:aaaa:bbbb:cccc:dddd           | 2001:db8:1:2::/64",
      "2001:db8:1:2::1, 2001:db8:ffff::1          | 2001:db8:1:2::/64",
      "::ffff:198.51.100.7                        | 198.51.100.7",
      // malformed entries stop the walk at the last trusted hop
      "unknown                                    | 10.9.9.9",
      "198.51.100.7, unknown                      | 10.9.9.9",
      "198.51.100.7, unknown, 10.1.2.3            | 10.1.2.3",
      "evil.example, 10.1.2.3                     | 10.1.2.3",
      "198.51.100.7/24                            | 10.9.9.9",
      "'198.51.100.7,'                            | 10.9.9.9",
      "1.2.3.999                                  | 10.9.9.9",
      "010.1.1.1                                  | 10.9.9.9",
      "[198.51.100.7                              | 10.9.9.9",
      "198.51.100.7:port                          | 10.9.9.9",
      // every entry trusted: the left-most one
      "10.1.1.1, 10.2.2.2                         | 10.1.1.1",
  })
  void client_trustedPeer_walksForwardedForFromTheRight(String forwardedFor, String client) {
    assertEquals(client, PROXIES.client("10.9.9.9", List.of(forwardedFor)));
  }

  @Test
  void client_severalHeaders_readAsOneListInOrder() {
    assertEquals("198.51.100.7", PROXIES.client("10.9.9.9", List.of("203.0.113.5", "198.51.100.7, 10.1.1.1")));
    assertEquals("203.0.113.5", PROXIES.client("10.9.9.9", List.of("203.0.113.5", "10.1.1.1")));
  }

  @Test
  void client_noHeader_isThePeer() {
    assertEquals("10.9.9.9", PROXIES.client("10.9.9.9", List.of()));
    assertEquals("10.9.9.9", PROXIES.client("10.9.9.9", List.of("")));
  }

  @Test
  void client_tooManyTrustedHops_stopsAtTheLimit() {
    StringBuilder chain = new StringBuilder("198.51.100.7");
    for (int i = 0; i < ClientAddress.MAX_HOPS + 5; i++) {
      chain.append(", 10.0.0.").append(i + 1);
    }
    String client = PROXIES.client("10.9.9.9", List.of(chain.toString()));
    assertEquals("10.0.0.6", client, "the walk gives up after " + ClientAddress.MAX_HOPS + " hops");
  }

  @Test
  void key_ipv6_isTheSlash64() {
    assertEquals("2001:db8:0:1::/64", ClientAddress.key("2001:db8:0:1:0:0:0:1"));
    assertEquals("0:0:0:0::/64", ClientAddress.key("0:0:0:0:0:0:0:1"));
    assertEquals("fe80:0:0:0::/64", ClientAddress.key("fe80:0:0:0:1:2:3:4%eth0"));
    assertEquals("192.0.2.1", ClientAddress.key("192.0.2.1"));
  }

  @Test
  void entry_refusesNames() {
    assertNull(ClientAddress.entry("localhost"));
    assertNull(ClientAddress.entry("_hidden"));
    assertNull(ClientAddress.entry(""));
  }
}
