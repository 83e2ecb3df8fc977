package linkgate.articles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The open-redirect suite at the HTTP level, on a real gateway: (a) every destination of
 * {@code open-redirect-cases.tsv} goes through {@code PUT /admin/api/articles/{id}} and, when
 * accepted, through {@code /go/{id}}; (b) the bypass families of {@code /go/} paths, sent as raw
 * bytes, with a valid session and without. Every {@code Location} is read the way a browser reads
 * it ({@link WhatwgHost}): it must name the login host or the stored article's host, nothing else.
 */
class OpenRedirectHttpTest {
  private static final String LOGIN_HOST = "example.com";
  private static final String ARTICLE_HOST = "news.example.org";
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    gw.putArticle("a", "https://" + ARTICLE_HOST + "/a", "A");
    gw.putArticle("home", "https://" + ARTICLE_HOST + "/home?x=1", "Home");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static List<OpenRedirectSuiteTest.Case> cases() throws Exception {
    return OpenRedirectSuiteTest.cases();
  }

  @Test
  void suite_coversAtLeast150Inputs() throws Exception {
    assertTrue(cases().size() + BYPASS_PATHS.size() >= 150, "keep at least 150 inputs");
    assertTrue(BYPASS_PATHS.size() >= 60);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void putThenGo_destinationCase_refusedAs400OrRedirectsToItsOwnHost(OpenRedirectSuiteTest.Case c) {
    String id = "case-" + c.line();
    HttpResponse<Buffer> put = gw.admin(HttpMethod.PUT, "/admin/api/articles/" + id,
        new JsonObject().put("url", c.raw()).put("title", "case"));
    String bearer = "Bearer " + gw.reader("reader-" + c.line()).sign();
    if (!c.accepted()) {
      assertEquals(400, put.statusCode(), put.bodyAsString());
      assertEquals("invalid_url", put.bodyAsJsonObject().getString("error"));
      assertEquals(404, gw.get("/go/" + id, "Authorization", bearer).statusCode(), "nothing was stored");
      return;
    }
    assertEquals(200, put.statusCode(), put.bodyAsString());
    assertEquals(c.expectedUrl(), put.bodyAsJsonObject().getString("url"));

    HttpResponse<Buffer> go = gw.get("/go/" + id, "Authorization", bearer, "Accept", "text/html");
    assertEquals(302, go.statusCode());
    String location = go.getHeader("Location");
    assertEquals(c.expectedUrl(), location, "Location is the canonical form, byte for byte");
    String browserHost = WhatwgHost.of(location);
    assertEquals(ArticleUrl.host(c.expectedUrl()), browserHost, "a browser would go to another host");
    String typedHost = WhatwgHost.of(c.raw());
    if (!typedHost.isEmpty()) {
      assertEquals(typedHost, browserHost, "the admin typed one host and readers go to another");
    }
  }

  /** /go/ request targets of the bypass families, written as they go on the wire. */
  static final List<String> BYPASS_PATHS = List.of(
      // protocol-relative and extra slashes
      "/go//evil.com", "/go///evil.com", "/go////evil.com/", "//go/a", "/go//a", "/go/a/",
      "/go/%2F%2Fevil.com", "/go/%2f%2fevil.com", "/go/%2F/evil.com", "/go/%252F%252Fevil.com",
      // backslashes
      "/go/\\evil.com", "/go/\\\\evil.com", "/go/%5Cevil.com", "/go/%5C%5Cevil.com", "/go//\\evil.com",
      "/go/%5C/evil.com", "/go/a\\@evil.com",
      // dot segments
      "/go/..%2F..%2Fevil.com", "/go/../../evil.com", "/go/%2E%2E%2F%2E%2E%2Fevil.com",
      "/go/.%2e/.%2e/evil.com", "/go/a/../../evil.com", "/go/a%2F..%2F..%2Fevil.com",
      "/go/../admin/api/articles", "/go/%2e%2e/admin/api/articles", "/go/a/..", "/go/.", "/go/..",
      // tab, CR, LF, NUL, spaces
      "/go/%09/evil.com", "/go/%0A/evil.com", "/go/%0D/evil.com", "/go/a%0d%0aLocation:%20https://evil.com",
      "/go/a%0D%0ASet-Cookie:%20pwned=1", "/go/a%00evil.com", "/go/%00", "/go/a%20evil.com",
      "/go/a%20/evil.com", "/go/%E2%80%AEmoc.live",
      // userinfo, query and fragment tricks
      "/go/@evil.com", "/go/a@evil.com", "/go/%40evil.com", "/go/a;@evil.com", "/go/a%3B@evil.com",
      "/go/a?next=https://evil.com", "/go/a?return_to=https://evil.com", "/go/a?url=//evil.com",
      "/go/a?return_to=%2F%2Fevil.com&return_to=https://evil.com", "/go/a#@evil.com", "/go/a%23@evil.com",
      "/go/%23@evil.com", "/go/a%3Fnext=//evil.com", "/go/home?redirect=javascript:alert(1)",
      // absolute URLs and schemes in the id
      "/go/https://evil.com", "/go/https:evil.com", "/go/https:/evil.com", "/go/https%3A%2F%2Fevil.com",
      "/go/%68ttps://evil.com", "/go/evil.com", "/go/evil.com%2F", "/go/javascript:alert(1)",
      "/go/javascript%3Aalert(1)", "/go/data:text/html,x", "/go/a/evil.com",
      // full-width and other Unicode look-alikes, raw and percent-encoded
      "/go/／／evil.com", "/go/%EF%BC%8F%EF%BC%8Fevil.com", "/go/．．／evil.com",
      "/go/%EF%BC%8E%EF%BC%8E%EF%BC%8Fevil.com", "/go/＼evil.com", "/go/%EF%BC%BCevil.com",
      "/go/%E3%80%82evil.com", "/go/evil%E3%80%82com", "/go/%C0%AF%C0%AFevil.com", "/go/%C0%AE%C0%AE%C0%AF",
      "/go/ａ", "/go/%EF%BD%81", "/go/%", "/go/%ZZ", "/go/a%2", "/go/%%2F%2Fevil.com",
      // case and absolute-form request targets
      "/GO/a", "/Go/a", "/go/A", "http://evil.com/go/a", "https://evil.com/go/home", "//evil.com/go/a");

  enum Mode {
    SESSION_BEARER,
    SESSION_COOKIE,
    ANONYMOUS_BROWSER,
    ANONYMOUS_API
  }

  static Stream<Arguments> bypassInputs() {
    List<Arguments> all = new ArrayList<>();
    for (String path : BYPASS_PATHS) {
      for (Mode mode : Mode.values()) {
        all.add(Arguments.of(path, mode));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("bypassInputs")
  void go_bypassPath_neverRedirectsElsewhereNorFails(String path, Mode mode) {
    String token = gw.reader("alice").sign();
    List<String> headers = new ArrayList<>();
    switch (mode) {
      case SESSION_BEARER -> headers.add("Authorization: Bearer " + token);
      case SESSION_COOKIE -> headers.add("Cookie: session=" + token);
      case ANONYMOUS_BROWSER -> headers.add("Accept: text/html,application/xhtml+xml");
      case ANONYMOUS_API -> headers.add("Accept: application/json");
    }
    RawHttp.Response r = RawHttp.get(gw.port(), path, headers.toArray(String[]::new));
    assertNotEquals(-1, r.status(), "the server answered");
    assertTrue(r.status() < 500, path + " answered " + r.status() + " " + r.body());
    assertNotEquals(301, r.status());
    assertNotEquals(308, r.status());
    assertTrue(r.headers("Location").size() <= 1, "one Location at most");
    assertFalse(r.headers("Set-Cookie").stream().anyMatch(c -> c.startsWith("pwned")), "no header injection");
    if (r.status() >= 300 && r.status() < 400) {
      assertRedirectStaysHome(path, r.header("Location"));
    }
  }

  /** The Location must be absolute http(s) and a browser must read its host as ours. */
  static void assertRedirectStaysHome(String input, String location) {
    assertTrue(location != null && (location.startsWith("https://") || location.startsWith("http://")),
        input + ": a relative Location would resolve against linkgate: " + location);
    String host = WhatwgHost.of(location);
    assertTrue(Set.of(LOGIN_HOST, ARTICLE_HOST).contains(host), input + " -> " + location + " (host " + host + ")");
  }
}
