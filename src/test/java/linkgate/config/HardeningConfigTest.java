package linkgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The hardening keys: http timeouts and connection cap, limits, redirect.allowedHosts. */
class HardeningConfigTest {
  private static final String BASE = """
      http:
        publicBaseUrl: https://go.example.com
      %s
      session:
        loginUrl: https://example.com/login
        keys:
          - alg: HS256
            secret: hardening-test-secret-0123456789-abcdef
      %s
      """;

  private static LinkgateConfig parse(String http, String rest) throws ConfigException {
    return new ConfigLoader(name -> null).parse(BASE.formatted(http, rest), "test.yaml");
  }

  private static String problems(String http, String rest) {
    return assertThrows(ConfigException.class, () -> parse(http, rest)).getMessage();
  }

  @Test
  void defaults_limitsOff_noCap_timeouts() throws Exception {
    LinkgateConfig c = parse("", "");
    assertNull(c.limits().perIp());
    assertNull(c.limits().perReader());
    assertEquals(100_000, c.limits().maxTracked());
    assertEquals(0, c.http().maxConnections());
    assertEquals(Duration.ofSeconds(60), c.http().idleTimeout());
    assertEquals(Duration.ofSeconds(30), c.http().requestTimeout());
    assertEquals(List.of(), c.redirect().allowedHosts());
  }

  @Test
  void everyKey_isRead() throws Exception {
    LinkgateConfig c = parse("""
          idleTimeout: 2m
          requestTimeout: 1500ms
          maxConnections: 5000
        """, """
        limits:
          perIp: {rate: 20/s, burst: 100}
          perReader: {rate: 30/m}
          maxTracked: 5000
        redirect:
          allowedHosts: [News.Example.com, "*.example.org", 192.0.2.1, "[2001:db8::1]"]
        """);
    assertEquals(Duration.ofMinutes(2), c.http().idleTimeout());
    assertEquals(Duration.ofMillis(1500), c.http().requestTimeout());
    assertEquals(5000, c.http().maxConnections());
    assertEquals(new LinkgateConfig.Rate(20, Duration.ofSeconds(1), 100), c.limits().perIp());
    assertEquals(new LinkgateConfig.Rate(30, Duration.ofMinutes(1), 30), c.limits().perReader(), "burst defaults to N");
    assertEquals(50_000_000L, c.limits().perIp().intervalNanos());
    assertEquals(5000, c.limits().maxTracked());
    assertEquals(List.of("news.example.com", "*.example.org", "192.0.2.1", "[2001:db8::1]"), c.redirect().allowedHosts());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "perIp: {rate: 20}                | limits.perIp.rate: \"20\" is not a rate",
      "perIp: {rate: 0/s}               | limits.perIp.rate: \"0/s\" is not a rate",
      "perIp: {rate: 2000000/s}         | limits.perIp.rate: \"2000000/s\" is not a rate",
      "perIp: {rate: 20/d}              | limits.perIp.rate: \"20/d\" is not a rate",
      "perIp: {burst: 10}               | limits.perIp.rate: is required when the limit is configured",
      "perIp: {rate: 5/s, burst: 0}     | limits.perIp.burst: 0 is out of range",
      "perReader: {rate: 5/s, brust: 1} | limits.perReader.brust: unknown key (did you mean \"burst\"?)",
      "maxTracked: 10                   | limits.maxTracked: 10 is out of range",
  })
  void limits_badValues_sayHowToFixThem(String limits, String expected) {
    String message = problems("", "limits:\n  " + limits);
    assertTrue(message.contains(expected), message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "https://example.com   | is not a host name",
      "example.com/path      | is not a host name",
      "*                     | is not a host name",
      "*.*.example.com       | is not a host name",
      "ex*ample.com          | is not a host name",
      "under_score.example   | is not a host name",
      "bücher.example        | is not ASCII; write an international name in its xn-- form",
      "*.192.0.2.1           | puts a wildcard before an IP address",
      "300.1.1.1             | is not a valid IPv4 address",
      "[not:v6]              | is not a valid IPv6 address",
      "example.com:8080      | is not a host name",
  })
  void allowedHosts_badPattern_isReportedWithTheIndex(String pattern, String expected) {
    String message = problems("", "redirect:\n  allowedHosts: [ok.example, \"" + pattern + "\"]");
    assertTrue(message.contains("redirect.allowedHosts[1]: \"" + pattern + "\" " + expected), message);
  }

  @Test
  void http_badTimeoutsAndCap_areReported() {
    String message = problems("  idleTimeout: 0s\n  requestTimeout: forever\n  maxConnections: -1", "");
    assertTrue(message.contains("http.idleTimeout: 0s is out of range"), message);
    assertTrue(message.contains("http.requestTimeout: \"forever\" is not a duration"), message);
    assertTrue(message.contains("http.maxConnections: -1 is out of range"), message);
  }
}
