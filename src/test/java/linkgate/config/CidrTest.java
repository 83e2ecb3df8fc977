package linkgate.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} -> /{1}")
  @CsvSource({
    "10.0.0.0/8, 8",
    "192.168.1.7, 32",
    "0.0.0.0/0, 0",
    "' 172.16.0.0/12 ', 12",
    "::1/128, 128",
    "::1, 128",
    "2001:db8::/32, 32",
    "fe80::/10, 10",
    "::/0, 0",
  })
  void parse_validNetwork_keepsPrefix(String text, int prefix) {
    assertEquals(prefix, Cidr.parse(text).prefix());
  }

  @Test
  void parse_ipv4_hasFourBytes() {
    Cidr cidr = Cidr.parse("10.1.2.3/8");
    assertArrayEquals(new byte[] {10, 1, 2, 3}, cidr.network());
    assertEquals("10.1.2.3/8", cidr.text());
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "172.16.0.0/12, 172.31.0.1, true",
    "172.16.0.0/12, 172.32.0.1, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7, 192.168.1.8, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "10.0.0.0/8, ::ffff:0a00:0001, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "fe80::/10, febf::1, true",
    "fe80::/10, fec0::1, false",
    "::1/128, ::1, true",
    "::1/128, ::2, false",
    "::/0, 10.0.0.1, false",
    "0.0.0.0/0, ::1, false",
  })
  void contains_address_matchesPrefixBits(String cidr, String address, boolean expected)
      throws UnknownHostException {
    // ::ffff:a00:1 is the IPv4-mapped 10.0.0.1; InetAddress hands it over as 4 bytes.
    assertEquals(expected, Cidr.parse(cidr).contains(InetAddress.getByName(address).getAddress()));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
    "", "/8", "example.com", "abc", "cafe", "10.0.0", "10/8", "127.1", "1.2.3.4.5", "256.0.0.0/8",
    "010.0.0.1", "10.0.0.0/", "10.0.0.0/+8", "10.0.0.0/-1", "10.0.0.0/x", "1::2::3", "fe80::1%eth0", "[::1]/128",
    ".:1", "10.0.0.0 /8",
  })
  void parse_notAnAddress_throwsNamingTheInput(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertEquals("\"" + text + "\" is not an IP address or CIDR", e.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({
    "10.0.0.0/33, 32",
    "10.0.0.0/1000, 32",
    "::1/129, 128",
  })
  void parse_prefixOutOfRange_throwsWithRange(String text, int max) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertEquals("\"" + text + "\" has a prefix length outside 0-" + max, e.getMessage());
  }
}
