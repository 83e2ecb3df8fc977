package linkgate.articles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the oracle honest: expected hosts were taken from a real WHATWG URL implementation
 * (Node.js 20 {@code new URL(input).hostname}, empty for failures and non-http(s) schemes).
 */
class WhatwgHostTest {

  @ParameterizedTest(name = "{0} -> \"{1}\"")
  @CsvSource(delimiter = '|', emptyValue = "", value = {
      "https://example.com/                | example.com",
      "HTTPS://EXAMPLE.COM:443/x           | example.com",
      "https:evil.com                      | evil.com",
      "https:/evil.com                     | evil.com",
      "https:///evil.com                   | evil.com",
      "https:\\\\evil.com                  | evil.com",
      "https://good.com\\@evil.com         | good.com",
      "http://evil.com\\\\@good.com        | evil.com",
      "https://good.com@evil.com@good.com  | good.com",
      "https://good.com%40evil.com@x       | x",
      "https://good.com%5C@evil.com        | evil.com",
      "https://good.com%2Eevil.com         | good.com.evil.com",
      "https://evil%2Ecom                  | evil.com",
      "https://good.com%40evil.com         | ''",
      "https://good.com#@evil.com          | good.com",
      "https://good.com?@evil.com          | good.com",
      "http://0x7f.1/                      | 127.0.0.1",
      "http://2130706433/                  | 127.0.0.1",
      "http://0177.0.0.1/                  | 127.0.0.1",
      "http://127.0.0.1./                  | 127.0.0.1",
      "http://0x/                          | 0.0.0.0",
      "http://0x7f.0x1g/                   | 0x7f.0x1g",
      "http://256.256.256.256/             | ''",
      "http://1.2.3.08/                    | ''",
      "http://[::ffff:127.0.0.1]/          | [::ffff:7f00:1]",
      "http://[2001:DB8:0:0:1:0:0:1]/      | [2001:db8::1:0:0:1]",
      "http://[::127.0.0.1]/               | [::7f00:1]",
      "http://[::ffff:127.0.0.01]/         | ''",
      "http://[1.2.3.4::]/                 | ''",
      "https://ｅｖｉｌ．ｃｏｍ/              | evil.com",
      "https://evil。com/                  | evil.com",
      "https://ⓔⓥⓘⓛ.com                    | evil.com",
      "https://bücher.example/             | xn--bcher-kva.example",
      "https://xn--zz.example/             | ''",
      "https://a..b/                       | a..b",
      "https://example.com./               | example.com.",
      "//evil.com                          | ''",
      "javascript:alert(1)                 | ''",
      "data:text/html,x                    | ''",
      "ftp://evil.com/                     | ''",
      "https://good.com:99999/             | ''",
      "https://good.com@/                  | ''"})
  void of_url_returnsBrowserHost(String input, String host) {
    assertEquals(host, WhatwgHost.of(input));
  }

  static Stream<Arguments> invisibleCharacters() {
    return Stream.of(
        arguments("ht\ttps://evil.com", "evil.com"),
        arguments("https:/\n/evil.com", "evil.com"),
        arguments("https://ev\til.com/", "evil.com"),
        arguments("\u0001 https://evil.com \r", "evil.com"),
        arguments("java\nscript:alert(1)", ""),
        arguments("https://evil\u00AD.com/", "evil.com"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invisibleCharacters")
  void of_urlWithInvisibleCharacters_returnsBrowserHost(String input, String host) {
    assertEquals(host, WhatwgHost.of(input));
  }
}
