package linkgate.articles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class ArticleUrlTest {

  // ---- accepted ----------------------------------------------------------------------------

  static Stream<Arguments> acceptedUrls() {
    return Stream.of(
        arguments("https://example.com/a/b?c=d#e", "https://example.com/a/b?c=d#e"),
        arguments("http://example.com/", "http://example.com/"),
        arguments("https://example.com", "https://example.com/"),
        arguments("https://example.com?q=1", "https://example.com/?q=1"),
        arguments("https://example.com#top", "https://example.com/#top"),
        arguments("HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path"),
        arguments("hTtP://example.com/", "http://example.com/"),
        arguments("https://example.com:443/", "https://example.com/"),
        arguments("http://example.com:80/", "http://example.com/"),
        arguments("https://example.com:0443/", "https://example.com/"),
        arguments("https://example.com:80/", "https://example.com:80/"),
        arguments("http://example.com:8080/x", "http://example.com:8080/x"),
        arguments("https://bücher.example/", "https://xn--bcher-kva.example/"),
        arguments("https://BÜCHER.example/", "https://xn--bcher-kva.example/"),
        arguments("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"),
        arguments("https://XN--Strae-oqa.de/", "https://xn--strae-oqa.de/"),
        arguments("https://xn--r8jz45g.xn--zckzah/", "https://xn--r8jz45g.xn--zckzah/"),
        arguments("https://ｅｘａｍｐｌｅ．ｃｏｍ/", "https://example.com/"),
        arguments("https://example。com/", "https://example.com/"),
        arguments("https://例え.テスト/", "https://xn--r8jz45g.xn--zckzah/"),
        arguments("https://example.com/wiki/Straße", "https://example.com/wiki/Stra%C3%9Fe"),
        arguments("https://example.com/ü?ü=ü#ü", "https://example.com/%C3%BC?%C3%BC=%C3%BC#%C3%BC"),
        arguments("https://example.com/😀", "https://example.com/%F0%9F%98%80"),
        arguments("https://example.com/%zz", "https://example.com/%25zz"),
        arguments("https://example.com/100%", "https://example.com/100%25"),
        arguments("https://example.com/%4", "https://example.com/%254"),
        arguments("https://example.com/%2F%2e%41", "https://example.com/%2F%2e%41"),
        arguments("https://example.com/\"<>`{}|^", "https://example.com/%22%3C%3E%60%7B%7D%7C%5E"),
        arguments("https://example.com/a[1]?b[]=1#c[2]", "https://example.com/a%5B1%5D?b[]=1#c[2]"),
        arguments("https://example.com/?q='x'", "https://example.com/?q='x'"),
        arguments("https://example.com/?a?b/c", "https://example.com/?a?b/c"),
        arguments("https://example.com/#a#b", "https://example.com/#a%23b"),
        arguments("https://example.com/a:b@c;d=e&f$g,h!i*j(k)l~m_n+o",
            "https://example.com/a:b@c;d=e&f$g,h!i*j(k)l~m_n+o"),
        arguments("https://example.com/#@evil.com", "https://example.com/#@evil.com"),
        arguments("https://example.com?@evil.com", "https://example.com/?@evil.com"),
        arguments("https://localhost/", "https://localhost/"),
        arguments("https://a-b--c.example/", "https://a-b--c.example/"),
        arguments("http://0x7f.1/", "http://127.0.0.1/"),
        arguments("http://2130706433/", "http://127.0.0.1/"),
        arguments("http://017700000001", "http://127.0.0.1/"),
        arguments("http://0300.0250.0.1/", "http://192.168.0.1/"),
        arguments("http://1.256/", "http://1.0.1.0/"),
        arguments("http://4294967295/", "http://255.255.255.255/"),
        arguments("http://１２７．０．０．１/", "http://127.0.0.1/"),
        arguments("http://[::1]/", "http://[::1]/"),
        arguments("http://[::1]:8080/", "http://[::1]:8080/"),
        arguments("http://[::1]:80/", "http://[::1]/"),
        arguments("http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/"),
        arguments("http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/"),
        arguments("http://[2001:DB8:0:0:1:0:0:1]/", "http://[2001:db8::1:0:0:1]/"),
        arguments("http://[2001:0db8:0000:0001:0000:0000:0000:0001]/", "http://[2001:db8:0:1::1]/"),
        arguments("http://[1:0:2:3:4:5:6:7]/", "http://[1:0:2:3:4:5:6:7]/"),
        arguments("http://[1:2:3:4:5:6:7::]/", "http://[1:2:3:4:5:6:7:0]/"),
        arguments("http://[::]/", "http://[::]/"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("acceptedUrls")
  void canonical_validUrl_returnsCanonicalForm(String raw, String expected) throws Exception {
    assertEquals(expected, ArticleUrl.canonical(raw));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("acceptedUrls")
  void canonical_canonicalUrl_isUnchanged(String raw, String expected) throws Exception {
    assertEquals(expected, ArticleUrl.canonical(expected));
  }

  @Test
  void canonical_exactly2048Characters_isAccepted() throws Exception {
    String url = padded("https://example.com/", ArticleUrl.MAX_LENGTH);
    assertEquals(url, ArticleUrl.canonical(url));
  }

  // ---- host ---------------------------------------------------------------------------------

  static Stream<Arguments> hosts() {
    return Stream.of(
        arguments("https://example.com/", "example.com"),
        arguments("https://EXAMPLE.com:8443/x?y#z", "example.com"),
        arguments("https://xn--bcher-kva.example/", "xn--bcher-kva.example"),
        arguments("https://bücher.example/", "xn--bcher-kva.example"),
        arguments("http://127.0.0.1:8080/", "127.0.0.1"),
        arguments("http://0x7f.1/", "127.0.0.1"),
        arguments("http://[::ffff:7f00:1]:8080/", "[::ffff:7f00:1]"),
        arguments("https://example.com#@evil.com", "example.com"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("hosts")
  void host_validUrl_returnsCanonicalHost(String url, String host) {
    assertEquals(host, ArticleUrl.host(url));
  }

  @Test
  void host_invalidUrl_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> ArticleUrl.host("https://a@evil.com/"));
  }

  // ---- rejected -----------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] null or empty")
  @NullAndEmptySource
  void canonical_nullOrEmpty_isRejected(String raw) {
    assertRejected(raw, "empty");
  }

  static Stream<Arguments> javascriptSchemes() {
    return Stream.of(
        arguments("javascript:alert(1)", "http:// or https://"),
        arguments("JaVaScRiPt:alert(1)", "http:// or https://"),
        arguments("JAVASCRIPT://example.com/%0aalert(1)", "http:// or https://"),
        arguments("java\tscript:alert(1)", "whitespace or control"),
        arguments("java\nscript:alert(1)", "whitespace or control"),
        arguments("java\rscript:alert(1)", "whitespace or control"),
        arguments(" javascript:alert(1)", "whitespace or control"),
        arguments("\u0001javascript:alert(1)", "whitespace or control"),
        arguments("javascript\u200B:alert(1)", "invisible"),
        arguments("javascript:https://example.com/", "http:// or https://"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("javascriptSchemes")
  void canonical_javascriptScheme_isRejected(String raw, String words) {
    assertRejected(raw, words);
  }

  static Stream<Arguments> otherSchemes() {
    return Stream.of(
        arguments("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "http:// or https://"),
        arguments("vbscript:msgbox(1)", "http:// or https://"),
        arguments("file:///etc/passwd", "http:// or https://"),
        arguments("ftp://example.com/", "http:// or https://"),
        arguments("//evil.com", "http:// or https://"),
        arguments("/path", "http:// or https://"),
        arguments("example.com", "http:// or https://"),
        arguments("https:/evil.com", "http:// or https://"),
        arguments("https:evil.com", "http:// or https://"),
        arguments("httpſ://evil.com", "http:// or https://"),
        arguments("https://", "no host"),
        arguments("https:///evil.com", "no host"),
        arguments("https://?q", "no host"),
        arguments("https://:443/", "no host"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherSchemes")
  void canonical_otherSchemeOrNoHost_isRejected(String raw, String words) {
    assertRejected(raw, words);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void canonical_userInfo_isRejected(String raw) {
    assertRejected(raw, "user info");
  }

  static Stream<String> canonical_userInfo_isRejected() {
    return Stream.of(
        "https://a@evil.com",
        "https://good.com@evil.com",
        "https://good.com:443@evil.com/",
        "https://user:pass@good.com/",
        "https://good.com%40evil.com@x",
        "https://evil.com%2F@good.com/",
        "https://@good.com/");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void canonical_backslash_isRejected(String raw) {
    assertRejected(raw, "backslash");
  }

  static Stream<String> canonical_backslash_isRejected() {
    return Stream.of(
        "https://evil.com\\@good.com",
        "https:\\\\evil.com",
        "https://good.com\\evil.com",
        "https://good.com/\\evil.com");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void canonical_whitespaceOrControl_isRejected(String raw) {
    assertRejected(raw, "whitespace or control");
  }

  static Stream<String> canonical_whitespaceOrControl_isRejected() {
    return Stream.of(
        "https://good.com/\r\nLocation: https://evil.com",
        "https://good.com/\nx",
        "https://good.com/\rx",
        "https://good.com/a b",
        "https://good.com/ ",
        " https://good.com/",
        "https://good.com/\t",
        "ht\ttps://evil.com",
        "https:/\n/evil.com",
        "https://good.com/\u0000",
        "https://good.com/\u007F",
        "https://good.com/\u0085",
        "https://good.com/\u009B",
        "https://good.com/\u00A0",
        "https://good.com/\u2028",
        "https://good.com/\u2029",
        "https://good.com/\u3000",
        "https://good.com/\u2003");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void canonical_invisibleCharacter_isRejected(String raw) {
    assertRejected(raw, "invisible");
  }

  static Stream<String> canonical_invisibleCharacter_isRejected() {
    return Stream.of(
        "https://evil\u200B.com/",
        "https://good.com\u200C/",
        "https://good.com/\u200D",
        "https://\u202Emoc.live/",
        "https://good.com/\u202A",
        "https://good.com/\u2066x\u2069",
        "\uFEFFhttps://good.com/",
        "https://evil\u00AD.com/",
        "https://good.com/\u2060");
  }

  static Stream<Arguments> badHosts() {
    return Stream.of(
        arguments("https://good.com%2Eevil.com/", "percent-encoding"),
        arguments("https://%65vil.com/", "percent-encoding"),
        arguments("https://[fe80::1%25eth0]/", "zone id"),
        arguments("https://example.com./", "end with a dot"),
        arguments("https://example。/", "end with a dot"),
        arguments("https://./", "not a valid host name"),
        arguments("https://a..b/", "not a valid host name"),
        arguments("https://.example.com/", "not a valid host name"),
        arguments("https://my_host.example.com/", "not a valid host name"),
        arguments("https://-a.example/", "not a valid host name"),
        arguments("https://a-.example/", "not a valid host name"),
        arguments("https://a.1c/", "not a valid host name"),
        arguments("https://exa!mple.com/", "not a valid host name"),
        arguments("https://exa\"mple.com/", "not a valid host name"),
        arguments("https://evil.com＠good.com/", "not a valid host name"),
        arguments("https://evil.com／good.com/", "not a valid host name"),
        arguments("https://xn--zz.example/", "not a valid host name"),
        arguments("https://xn--abc-.example/", "not a valid host name"),
        arguments("https://" + "a".repeat(64) + ".example/", "not a valid host name"),
        arguments("https://" + "abcdefghi.".repeat(25) + "example/", "not a valid host name"),
        arguments("https://straße.de/", "xn--"),
        arguments("https://ς.gr/", "xn--"),
        arguments("https://evil.com[::1]/", "not a valid host name"),
        arguments("http://1.2.3.4.5/", "IPv4"),
        arguments("http://256.0.0.1/", "IPv4"),
        arguments("http://4294967296/", "IPv4"),
        arguments("http://0x100000000/", "IPv4"),
        arguments("http://1.2.3.09/", "IPv4"),
        arguments("http://example.1/", "IPv4"),
        arguments("http://[::1/", "IPv6"),
        arguments("http://[::1]x/", "IPv6"),
        arguments("http://[1:2:3:4:5:6:7:8:9]/", "IPv6"),
        arguments("http://[1:2:3:4:5:6:7:8::]/", "IPv6"),
        arguments("http://[1::2::3]/", "IPv6"),
        arguments("http://[12345::]/", "IPv6"),
        arguments("http://[::ffff:127.0.0.01]/", "IPv6"),
        arguments("http://[::ffff:127.0.1]/", "IPv6"),
        arguments("http://[1.2.3.4::]/", "IPv6"),
        arguments("http://[:1]/", "IPv6"),
        arguments("http://[]/", "IPv6"),
        arguments("http://[evil.com]/", "IPv6"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHosts")
  void canonical_badHost_isRejected(String raw, String words) {
    assertRejected(raw, words);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void canonical_badPort_isRejected(String raw) {
    assertRejected(raw, "port must be 1-65535");
  }

  static Stream<String> canonical_badPort_isRejected() {
    return Stream.of(
        "https://example.com:/",
        "https://example.com:0/",
        "https://example.com:65536/",
        "https://example.com:99999999999/",
        "https://example.com:8o/",
        "https://example.com:443:80/",
        "https://example.com:-1/",
        "https://example.com:４４３/",
        "http://[::1]:/");
  }

  @Test
  void canonical_2049Characters_isRejected() {
    assertRejected(padded("https://example.com/", ArticleUrl.MAX_LENGTH + 1), "longer than 2048");
  }

  @Test
  void canonical_longerThan2048OnceEncoded_isRejected() {
    assertRejected("https://example.com/" + "é".repeat(1000), "once encoded");
  }

  @Test
  void canonical_unpairedSurrogate_isRejected() {
    assertRejected("https://example.com/\uD800", "broken Unicode");
  }

  private static String padded(String prefix, int length) {
    return prefix + "a".repeat(length - prefix.length());
  }

  /** Rejected, with a message that names the problem and carries no control characters. */
  static void assertRejected(String raw, String words) {
    InvalidUrlException e = assertThrows(InvalidUrlException.class, () -> ArticleUrl.canonical(raw));
    String message = e.getMessage();
    assertTrue(message.contains(words), () -> "message \"" + message + "\" should say \"" + words + "\"");
    assertTrue(message.codePoints().noneMatch(c -> Character.isISOControl(c)
            || Character.getType(c) == Character.FORMAT),
        () -> "message must not echo control characters: " + message);
  }
}
