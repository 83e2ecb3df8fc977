package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import linkgate.admin.DashboardRoutes;
import linkgate.articles.WhatwgHost;
import linkgate.http.HtmlPage;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing over HTTP: random {@code /go/} paths, random header values (Cookie,
 * Authorization, Accept, X-Forwarded-*, Forwarded) and mutated tokens (bit flips of a valid token,
 * random base64url segments, random JSON headers); and whole requests: the method (standard ones and
 * garbage tokens), the HTTP version, the {@code Host} header (kept, dropped, emptied, malformed,
 * repeated), zero to five session cookies (some oversized), query strings with bad percent-escapes,
 * and admin and ops paths besides {@code /go/}. Whatever arrives: the answer is never a 5xx (but a
 * {@code 503 timeout}), never a redirect whose host, as a browser reads it, is not the login host
 * or the stored article's host, and every error is the contract's JSON shape, or the small HTML
 * page for a browser on {@code /go/} or the dashboard. One gateway serves every try; it trusts
 * 127.0.0.1 as a proxy and has a per-IP limit far above the tries, so every X-Forwarded-For is
 * walked.
 *
 * <p>Inputs come from a seeded generator: a failure message names the seed and the try, and
 * {@code -Dlinkgate.fuzz.seed=N} replays it. (A plain JUnit loop rather than jqwik: jqwik's engine
 * prints a request that AI agents not use it, and this code is written with one.)
 */
class GoFuzzTest {
  private static final String LOGIN_HOST = "example.com";
  private static final String ARTICLE_HOST = "news.example.org";
  private static final int TRIES = 500;
  private static final long SEED = Long.getLong("linkgate.fuzz.seed", System.nanoTime());
  private static TestGateway gw;
  private static String validToken;
  private static String adminToken;

  @BeforeAll
  static void start() {
    gw = TestGateway.with("http.trustedProxies", List.of("127.0.0.1/32"))
        .with("limits.perIp", Map.of("rate", "1000000/s", "burst", 1000000))
        .with("limits.perReader", Map.of("rate", "1000000/s", "burst", 1000000))
        .start();
    gw.putArticle("a", "https://" + ARTICLE_HOST + "/a?x=1#f", "A");
    gw.putArticle("home", "https://" + ARTICLE_HOST + "/home", "Home");
    validToken = gw.reader("fuzz").sign();
    adminToken = gw.admin("fuzz-admin").sign();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void go_randomPathAndHeaders_neverFailNorRedirectElsewhere() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      String target = target(random);
      List<String> headers = new ArrayList<>(hostHeaders(random));
      headers.addAll(headerSet(random));
      check("seed " + SEED + " try " + i, new Try("GET", target, "HTTP/1.1", headers));
    }
  }

  @Test
  void request_randomMethodVersionHostCookiesAndQuery_neverFailsNorLeavesTheContract() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < TRIES; i++) {
      String path = random.nextInt(3) == 0 ? target(random) : pick(random, OTHER_PATHS);
      List<String> headers = new ArrayList<>(hostHeaders(random));
      headers.addAll(cookies(random));
      if (random.nextInt(3) == 0) {
        headers.add(pick(random, "X-Api-Key: " + TestGateway.API_KEY, "Authorization: Bearer " + adminToken,
            "Authorization: Bearer " + validToken, "X-Api-Key: wrong"));
      }
      if (random.nextBoolean()) {
        headers.add("Accept: " + pick(random, "text/html", "application/json", "*/*", "text/html;q=0"));
      }
      String method = pick(random, "GET", "GET", "GET", "HEAD", "POST", "PUT", "OPTIONS", "BREW", "get", "PRI",
          "TRACE", "CONNECT", "X-Y");
      String version = pick(random, "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "HTTP/2.0",
          "HTTP/9.9", "HTTP/0.9", "XTTP/1.1", "HTTP/1", "http/1.1");
      check("seed " + (SEED + 2) + " try " + i, new Try(method, path + query(random), version, headers));
    }
  }

  @Test
  void go_mutatedToken_neverFailsNorRedirectsElsewhere() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < TRIES; i++) {
      String token = token(random);
      String target = "/go/" + (random.nextBoolean() ? pick(random, "a", "home", "nope") : rawText(random, 12));
      String credential = random.nextBoolean() ? "Cookie: session=" + token : "Authorization: Bearer " + token;
      check("seed " + (SEED + 1) + " try " + i, new Try("GET", target, "HTTP/1.1", List.of("Host: localhost",
          credential, "Accept: " + (random.nextBoolean() ? "text/html" : "application/json"))));
    }
  }

  /** One request of a try, sent as is over a fresh connection. */
  private record Try(String method, String target, String version, List<String> headers) {
    RawHttp.Response send() {
      return RawHttp.send(gw.port(), method, target, version, headers);
    }

    @Override
    public String toString() {
      return method + " " + target + " " + version + " " + headers;
    }
  }

  private static void check(String seedAndTry, Try request) {
    String input = seedAndTry + ": " + request;
    RawHttp.Response r = request.send();
    assertNotEquals(-1, r.status(), input + ": no answer");
    assertTrue(r.status() < 500 || r.status() == 503 && r.body().contains("\"timeout\""),
        input + " -> " + r.status() + " " + r.body());
    assertTrue(r.headers("Location").size() <= 1, input);
    if (r.status() >= 300 && r.status() < 400) {
      String location = r.header("Location");
      if ("admin/".equals(location) && request.target().startsWith("/admin")) {
        return; // GET /admin: the relative redirect to the dashboard page
      }
      assertTrue(location != null && (location.startsWith("https://") || location.startsWith("http://")),
          input + " -> relative or missing Location " + location);
      String host = WhatwgHost.of(location);
      assertTrue(Set.of(LOGIN_HOST, ARTICLE_HOST).contains(host), input + " -> " + location + " (host " + host + ")");
    }
    if (r.status() >= 400) {
      assertErrorShape(input, request, r);
    }
  }

  /** The contract's JSON error, or the small HTML page for a browser on /go/ or the dashboard. */
  private static void assertErrorShape(String input, Try request, RawHttp.Response r) {
    String what = input + " -> " + r.status() + " " + r.headers().stream().map(h -> h[0] + ": " + h[1]).toList()
        + " " + r.body();
    String type = String.valueOf(r.header("Content-Type"));
    if (type.startsWith("text/html")) {
      boolean browserPage = request.target().startsWith("/go/") || request.target().startsWith("/admin/");
      assertTrue(browserPage && request.headers().stream()
          .anyMatch(h -> h.regionMatches(true, 0, "Accept:", 0, 7) && h.toLowerCase(Locale.ROOT).contains("text/html")), what);
      // The dashboard's 403 page also loads the dashboard's style sheet; /go/ pages load nothing.
      String policy = request.target().startsWith("/admin/") ? DashboardRoutes.FORBIDDEN_CSP : HtmlPage.CSP;
      assertEquals(policy, r.header("Content-Security-Policy"), what);
      return;
    }
    assertTrue(type.startsWith("application/json"), what);
    if (request.method().equals("HEAD") && r.body().isEmpty()) {
      return; // a HEAD answer has no body to check
    }
    JsonObject body = new JsonObject(r.body());
    assertEquals(Set.of("error", "message"), body.fieldNames(), what);
    assertTrue(body.getString("error").matches("[a-z]+(_[a-z]+)*"), what);
    assertFalse(body.getString("message").isBlank(), what);
  }

  // ---- generators ----

  private static final String EXTRA_CHARS = "éａ／．＼。\u202e";

  private static final String[] OTHER_PATHS = {"/healthz", "/readyz", "/metrics", "/admin/", "/admin",
      "/admin/api/articles", "/admin/api/articles/a", "/admin/api/articles/nope", "/admin/api/articles/import",
      "/admin/api/stats/summary", "/admin/api/stats/top", "/admin/api/stats/series", "/admin/api/stats/articles/a",
      "/admin/api/stats/export.csv", "/nothing/here", "/", "*"};

  /** Usually {@code Host: localhost}; else none, an empty or malformed one, another host, or two. */
  private static List<String> hostHeaders(SplittableRandom random) {
    return switch (random.nextInt(10)) {
      case 0 -> List.of();
      case 1 -> List.of("Host:");
      case 2 -> List.of("Host: " + pick(random, "localhost:99999", "[::1", "a:b:c", "é.example", "local host",
          "localhost:", ":80", "[::1]x", "a/b", "localhost:-1"));
      case 3 -> List.of("Host: " + pick(random, "evil.com", "go.example.com:443", "[::1]:8080", "127.0.0.1"));
      case 4 -> List.of("Host: localhost", "Host: evil.com");
      default -> List.of("Host: localhost");
    };
  }

  /** Zero to five Cookie headers, valid, mutated, foreign or oversized sessions among them. */
  private static List<String> cookies(SplittableRandom random) {
    List<String> out = new ArrayList<>();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      out.add("Cookie: " + switch (random.nextInt(5)) {
        case 0 -> "session=" + validToken;
        case 1 -> "session=" + token(random);
        case 2 -> "session=" + "x".repeat(random.nextInt(1, 20_000));
        case 3 -> "theme=dark; session=" + token(random) + "; session=" + validToken;
        default -> "other=" + rawText(random, 30).replace(";", "");
      });
    }
    return out;
  }

  /** A query string: none, ordinary, or with bad percent-escapes. */
  private static String query(SplittableRandom random) {
    return random.nextInt(3) == 0 ? "" : pick(random, "?%zz", "?%", "?%ZZ=1", "?a=%e9%", "?limit=%zz", "?limit=5",
        "?after=%", "?from=%ZZ", "?from=2026-11-24T00:00:00Z&to=%zz", "?x=1&%", "?%00", "?%C0%AF",
        "?bucket=day&%2", "?return_to=https://evil.com", "?after=a&limit=1", "?" + rawText(random, 20));
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom random, T... options) {
    return options[random.nextInt(options.length)];
  }

  /** Characters that may appear raw in a request line (no space, CR, LF, NUL). */
  private static String rawText(SplittableRandom random, int max) {
    int n = random.nextInt(max + 1);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(random.nextInt(10) == 0
          ? EXTRA_CHARS.charAt(random.nextInt(EXTRA_CHARS.length()))
          : (char) random.nextInt('!', '~' + 1));
    }
    return s.toString();
  }

  private static String range(SplittableRandom random, char from, char to, int max) {
    int n = random.nextInt(max + 1);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) random.nextInt(from, to + 1));
    }
    return s.toString();
  }

  private static String target(SplittableRandom random) {
    StringBuilder path = new StringBuilder("/go/");
    int pieces = random.nextInt(7);
    for (int i = 0; i < pieces; i++) {
      path.append(switch (random.nextInt(3)) {
        case 0 -> pick(random, "a", "home", "/", "//", "\\", "%2F", "%2f", "%5C", "..", "%2E%2E", ".", "@",
            "evil.com", "https:", "//evil.com", "%0d%0a", "%0D%0ALocation:%20https://evil.com", "%09", "%00",
            "?", "#", "&", "next=https://evil.com", "return_to=//evil.com", "%23", "%3F", ";", ":", "%EF%BC%8F",
            "%C0%AF", "%E3%80%82", "%", "%%", "+", "%20", "%25", "javascript:", "／", "．", "ａ");
        case 1 -> rawText(random, 6);
        default -> range(random, '0', 'z', 130);
      });
    }
    return path.toString();
  }

  private static List<String> headerSet(SplittableRandom random) {
    List<String> out = new ArrayList<>();
    int n = random.nextInt(7);
    for (int i = 0; i < n; i++) {
      String name = pick(random, "Cookie", "Authorization", "Accept", "X-Forwarded-For", "X-Forwarded-Host",
          "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Forwarded-Uri", "Forwarded", "Sec-Purpose", "User-Agent");
      String value = switch (random.nextInt(3)) {
        case 0 -> rawText(random, 40);
        case 1 -> pick(random, "", "text/html", "*/*", "text/html;q=0", "application/json", "evil.com", "https",
            "198.51.100.7", "198.51.100.7, 10.0.0.1", "unknown, 127.0.0.1", "[2001:db8::1]:80", "for=198.51.100.9",
            "/admin/api/articles", "session=" + "x".repeat(2000));
        default -> token(random);
      };
      String prefix = name.equals("Authorization") || name.equals("Cookie") ? pick(random, "", "Bearer ", "session=") : "";
      out.add(name + ": " + prefix + value);
    }
    return out;
  }

  private static String token(SplittableRandom random) {
    String[] parts = validToken.split("\\.");
    return switch (random.nextInt(4)) {
      case 0 -> { // a bit flip of a valid token
        char[] chars = validToken.toCharArray();
        int i = random.nextInt(chars.length);
        chars[i] = (char) (chars[i] ^ (1 << random.nextInt(7)));
        yield new String(chars);
      }
      case 1 -> { // random base64url segments
        List<String> segments = new ArrayList<>();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          segments.add(range(random, '-', 'z', 60).replaceAll("[^A-Za-z0-9_-]", "_"));
        }
        yield String.join(".", segments);
      }
      case 2 -> { // a random JSON header on a valid payload and signature
        String header = "{\"alg\":\"" + pick(random, "HS256", "HS512", "none", "None", "RS256", "ES256", "EdDSA",
            "hs256", "", "HS256 ") + "\",\"kid\":\"" + pick(random, "k1", "k2", "", "../../etc/passwd", "k1\u0000")
            + "\"" + pick(random, "", ",\"jku\":\"https://evil.com/jwks\"", ",\"crit\":[\"exp\"]", ",\"zip\":\"DEF\"",
                ",\"alg\":\"none\"", ",\"kid\":7", ",\"x5u\":\"https://evil.com\"") + "}";
        yield b64(header) + "." + parts[1] + "." + parts[2];
      }
      default -> pick(random, parts[1] + "." + parts[0] + "." + parts[2], parts[0] + "." + parts[1] + ".",
          parts[0] + "." + parts[1], validToken + ".", "." + validToken, validToken + "=",
          validToken.substring(0, validToken.length() - 1),
          parts[0] + "." + b64("{\"sub\":\"fuzz\",\"exp\":9999999999}") + "." + parts[2]);
    };
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
