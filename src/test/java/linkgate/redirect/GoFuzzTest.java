package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import linkgate.articles.WhatwgHost;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of {@code /go/} over HTTP (jqwik): random paths, random header values
 * (Cookie, Authorization, Accept, X-Forwarded-*, Forwarded) and mutated tokens (bit flips of a
 * valid token, random base64url segments, random JSON headers). Whatever arrives, the answer is
 * never a 5xx and never a redirect whose host, as a browser reads it, is not the login host or the
 * stored article's host. One gateway serves every try; it trusts 127.0.0.1 as a proxy and has a
 * per-IP limit far above the tries, so every X-Forwarded-For is walked.
 */
class GoFuzzTest {
  private static final String LOGIN_HOST = "example.com";
  private static final String ARTICLE_HOST = "news.example.org";
  private static TestGateway gw;
  private static String validToken;

  @BeforeContainer
  static void start() {
    gw = TestGateway.with("http.trustedProxies", List.of("127.0.0.1/32"))
        .with("limits.perIp", Map.of("rate", "1000000/s", "burst", 1000000))
        .with("limits.perReader", Map.of("rate", "1000000/s", "burst", 1000000))
        .start();
    gw.putArticle("a", "https://" + ARTICLE_HOST + "/a?x=1#f", "A");
    gw.putArticle("home", "https://" + ARTICLE_HOST + "/home", "Home");
    validToken = gw.reader("fuzz").sign();
  }

  @AfterContainer
  static void stop() {
    gw.close();
  }

  @Property(tries = 500)
  void go_randomPathAndHeaders_neverFailNorRedirectElsewhere(
      @ForAll("targets") String target, @ForAll("headerSets") List<String> headers) {
    check(target, RawHttp.get(gw.port(), target, headers.toArray(String[]::new)));
  }

  @Property(tries = 500)
  void go_mutatedToken_neverFailsNorRedirectsElsewhere(
      @ForAll("tokens") String token, @ForAll boolean asCookie, @ForAll boolean browser,
      @ForAll("ids") String id) {
    String target = "/go/" + id;
    String credential = asCookie ? "Cookie: session=" + token : "Authorization: Bearer " + token;
    RawHttp.Response r = RawHttp.get(gw.port(), target, credential,
        "Accept: " + (browser ? "text/html" : "application/json"));
    check(target + " with " + credential, r);
  }

  private static void check(String input, RawHttp.Response r) {
    assertNotEquals(-1, r.status(), input + ": no answer");
    assertTrue(r.status() < 500, input + " -> " + r.status() + " " + r.body());
    assertTrue(r.headers("Location").size() <= 1, input);
    if (r.status() >= 300 && r.status() < 400) {
      String location = r.header("Location");
      assertTrue(location != null && (location.startsWith("https://") || location.startsWith("http://")),
          input + " -> relative or missing Location " + location);
      String host = WhatwgHost.of(location);
      assertTrue(Set.of(LOGIN_HOST, ARTICLE_HOST).contains(host), input + " -> " + location + " (host " + host + ")");
    }
  }

  // ---- generators ----

  /** Characters that may appear raw in a request line (no space, CR, LF, NUL). */
  private static Arbitrary<String> rawText(int max) {
    return Arbitraries.strings().withCharRange('!', '~').withChars('é', 'ａ', '／', '．', '＼', '。', '\u202e')
        .ofMaxLength(max);
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(Arbitraries.of("a", "home", "nope"), rawText(12));
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of("a", "home", "/", "//", "\\", "%2F", "%2f", "%5C", "..", "%2E%2E", ".", "@", "evil.com",
            "https:", "//evil.com", "%0d%0a", "%0D%0ALocation:%20https://evil.com", "%09", "%00", "?", "#", "&",
            "next=https://evil.com", "return_to=//evil.com", "%23", "%3F", ";", ":", "%EF%BC%8F", "%C0%AF",
            "%E3%80%82", "%", "%%", "+", "%20", "%25", "javascript:", "／", "．", "ａ"),
        rawText(6),
        Arbitraries.strings().withCharRange('0', 'z').ofMaxLength(130));
    return piece.list().ofMaxSize(6).map(parts -> "/go/" + String.join("", parts));
  }

  @Provide
  Arbitrary<List<String>> headerSets() {
    Arbitrary<String> value = Arbitraries.oneOf(
        rawText(40),
        Arbitraries.of("", "text/html", "*/*", "text/html;q=0", "application/json", "evil.com", "https",
            "198.51.100.7", "198.51.100.7, 10.0.0.1", "unknown, 127.0.0.1", "[2001:db8::1]:80", "for=198.51.100.9",
            "/admin/api/articles", "session=" + "x".repeat(2000)),
        tokens());
    Arbitrary<String> name = Arbitraries.of("Cookie", "Authorization", "Accept", "X-Forwarded-For",
        "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Forwarded-Uri", "Forwarded",
        "Host", "Sec-Purpose", "User-Agent");
    Arbitrary<String> header = Combinators.combine(name, value, Arbitraries.of("", "Bearer ", "session="))
        .as((n, v, prefix) -> n + ": " + (n.equals("Authorization") || n.equals("Cookie") ? prefix : "") + v);
    return header.list().ofMaxSize(6).map(list -> {
      // one Host header at most: a second one is a request smuggling signal Netty refuses anyway
      List<String> out = new ArrayList<>();
      boolean host = false;
      for (String h : list) {
        if (h.startsWith("Host:")) {
          if (host) {
            continue;
          }
          host = true;
        }
        out.add(h);
      }
      return out;
    });
  }

  @Provide
  Arbitrary<String> tokens() {
    Arbitrary<String> bitFlip = Combinators.combine(Arbitraries.integers().between(0, 10_000),
        Arbitraries.integers().between(0, 6)).as((at, bit) -> {
          char[] chars = validToken.toCharArray();
          int i = at % chars.length;
          chars[i] = (char) (chars[i] ^ (1 << bit));
          return new String(chars);
        });
    Arbitrary<String> segment = Arbitraries.strings()
        .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars('-', '_')
        .ofMaxLength(60);
    Arbitrary<String> randomSegments = segment.list().ofMinSize(1).ofMaxSize(5).map(s -> String.join(".", s));
    Arbitrary<String> header = Combinators.combine(
        Arbitraries.of("HS256", "HS512", "none", "None", "RS256", "ES256", "EdDSA", "hs256", "", "HS256 "),
        Arbitraries.of("k1", "k2", "", "../../etc/passwd", "k1\u0000"),
        Arbitraries.of("", ",\"jku\":\"https://evil.com/jwks\"", ",\"crit\":[\"exp\"]", ",\"zip\":\"DEF\"",
            ",\"alg\":\"none\"", ",\"kid\":7", ",\"x5u\":\"https://evil.com\""))
        .as((alg, kid, extra) -> "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"" + extra + "}");
    String[] parts = validToken.split("\\.");
    Arbitrary<String> withRandomHeader = header.map(h -> b64(h) + "." + parts[1] + "." + parts[2]);
    Arbitrary<String> reordered = Arbitraries.of(
        parts[1] + "." + parts[0] + "." + parts[2], parts[0] + "." + parts[1] + ".", parts[0] + "." + parts[1],
        validToken + ".", "." + validToken, validToken + "=", validToken.substring(0, validToken.length() - 1),
        parts[0] + "." + b64("{\"sub\":\"fuzz\",\"exp\":9999999999}") + "." + parts[2]);
    return Arbitraries.oneOf(bitFlip, randomSegments, withRandomHeader, reordered);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
