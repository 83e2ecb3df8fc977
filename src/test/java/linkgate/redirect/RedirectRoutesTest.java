package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the contract's /go/ table, with the session as a cookie and as a Bearer token.
 * Runs once per store (one gateway each).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class RedirectRoutesTest {
  private static final String SOURCE = "https://example.org/articles/one?ref=a%20b";
  private static TestGateway gw;

  @Parameter
  TestGateway.StoreKind store;

  /** How a test presents the session. */
  enum Carrier {
    COOKIE,
    BEARER;

    HttpRequest<Buffer> attach(HttpRequest<Buffer> request, String token) {
      return this == COOKIE
          ? request.putHeader("Cookie", "theme=dark; session=" + token + "; other=1")
          : request.putHeader("Authorization", "Bearer " + token);
    }
  }

  @BeforeParameterizedClassInvocation
  static void start(TestGateway.StoreKind store) {
    gw = TestGateway.on(store).with("session.loginUrl", "https://example.com/login?lang=en&return_to=old#top").start();
    gw.putArticle("known", SOURCE, "Known");
    gw.putArticle("off", "https://example.org/off", "Disabled");
    var patched = gw.admin(HttpMethod.PATCH, "/admin/api/articles/off", new JsonObject().put("enabled", false));
    assertEquals(200, patched.statusCode());
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gw.close();
  }

  private HttpResponse<Buffer> go(HttpMethod method, String id, Carrier carrier, String token, String accept) {
    HttpRequest<Buffer> r = gw.request(method, "/go/" + id);
    if (token != null) {
      carrier.attach(r, token);
    }
    if (accept != null) {
      r.putHeader("Accept", accept);
    }
    return TestGateway.send(r);
  }

  private String token() {
    return gw.reader("alice").sign();
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_validSessionKnownArticle_returns302ToSource(Carrier carrier) {
    HttpResponse<Buffer> r = go(HttpMethod.GET, "known", carrier, token(), "text/html");
    assertEquals(302, r.statusCode());
    assertEquals(SOURCE, r.getHeader("Location"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    assertEquals("no-referrer", r.getHeader("Referrer-Policy"));
    assertEquals("noindex", r.getHeader("X-Robots-Tag"));
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_head_answersLikeGetWithoutBody(Carrier carrier) {
    HttpResponse<Buffer> r = go(HttpMethod.HEAD, "known", carrier, token(), null);
    assertEquals(302, r.statusCode());
    assertEquals(SOURCE, r.getHeader("Location"));
    assertTrue(r.body() == null || r.body().length() == 0);
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_validSessionUnknownId_returns404Json(Carrier carrier) {
    HttpResponse<Buffer> r = go(HttpMethod.GET, "nope", carrier, token(), "application/json");
    assertEquals(404, r.statusCode());
    assertEquals("not_found", r.bodyAsJsonObject().getString("error"));
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_validSessionUnknownIdBrowser_returns404Html(Carrier carrier) {
    HttpResponse<Buffer> r = go(HttpMethod.GET, "nope", carrier, token(), "text/html,application/xhtml+xml");
    assertEquals(404, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(r.getHeader("Content-Security-Policy").contains("default-src 'none'"));
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_validSessionDisabledArticle_returns410(Carrier carrier) {
    HttpResponse<Buffer> r = go(HttpMethod.GET, "off", carrier, token(), null);
    assertEquals(410, r.statusCode());
    assertEquals("gone", r.bodyAsJsonObject().getString("error"));
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_anonymousBrowser_returns302ToLoginWithReturnTo(Carrier carrier) {
    String invalid = gw.reader("alice").expiresIn(Duration.ofMinutes(-5)).sign();
    for (String token : new String[] {null, invalid}) {
      HttpResponse<Buffer> r = go(HttpMethod.GET, "known", carrier, token, "text/html;q=0.9, */*;q=0.1");
      assertEquals(302, r.statusCode());
      // loginUrl's query is kept, its return_to replaced, the fragment stays last.
      assertEquals("https://example.com/login?lang=en&return_to=https%3A%2F%2Fgo.example.com%2Fgo%2Fknown#top",
          r.getHeader("Location"));
      assertEquals("no-store", r.getHeader("Cache-Control"));
    }
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_anonymousApiClient_returns401Json(Carrier carrier) {
    String invalid = gw.reader("alice").sign() + "x";
    for (String token : new String[] {null, invalid}) {
      HttpResponse<Buffer> r = go(HttpMethod.GET, "known", carrier, token, "application/json");
      assertEquals(401, r.statusCode());
      assertTrue(r.getHeader("WWW-Authenticate").startsWith("Bearer"));
      assertEquals("unauthenticated", r.bodyAsJsonObject().getString("error"));
      assertTrue(r.bodyAsJsonObject().getString("message").length() > 0);
      assertEquals("no-store", r.getHeader("Cache-Control"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/*", "text/html;q=0", "application/xhtml+xml", "text/*"})
  void redirect_anonymousWithoutTextHtml_returns401(String accept) {
    HttpResponse<Buffer> r = go(HttpMethod.GET, "known", Carrier.BEARER, null, accept);
    assertEquals(401, r.statusCode());
  }

  /** Repeated Accept lines are one list (RFC 9110 §5.3): text/html in the second one counts. */
  @ParameterizedTest
  @ValueSource(strings = {"application/json|text/html", "text/html|application/json", "*/*|text/html;q=0.5"})
  void redirect_anonymous_textHtmlInAnyAcceptLine_goesToLogin(String lines) {
    List<String> headers = new ArrayList<>(List.of("Host: localhost"));
    for (String line : lines.split("\\|")) {
      headers.add("Accept: " + line);
    }
    RawHttp.Response r = RawHttp.send(gw.port(), "GET", "/go/known", "HTTP/1.1", headers);
    assertEquals(302, r.status(), lines);
    assertTrue(r.header("Location").startsWith("https://example.com/login?"), r.header("Location"));
  }

  @Test
  void redirect_anonymous_knownAndUnknownIdsAnswerAlike() {
    for (String accept : new String[] {"text/html", "application/json"}) {
      HttpResponse<Buffer> known = go(HttpMethod.GET, "known", Carrier.BEARER, null, accept);
      HttpResponse<Buffer> unknown = go(HttpMethod.GET, "nope1", Carrier.BEARER, null, accept);
      assertEquals(known.statusCode(), unknown.statusCode());
      assertEquals(new TreeSet<>(known.headers().names()), new TreeSet<>(unknown.headers().names()));
      assertEquals(String.valueOf(known.getHeader("Location")).replace("known", "ID"),
          String.valueOf(unknown.getHeader("Location")).replace("nope1", "ID"));
      assertEquals(known.bodyAsString(), unknown.bodyAsString());
    }
  }

  static Stream<Arguments> idsNotMatchingThePattern() {
    return Stream.of(Carrier.values()).flatMap(carrier -> Stream.of("-starts-with-dash", ".dot", "has%20space",
        "a%2Fb", "x%00", "toolong-" + "0123456789".repeat(13)).map(id -> Arguments.of(carrier, id)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("idsNotMatchingThePattern")
  void redirect_idNotMatchingPattern_returns404(Carrier carrier, String id) {
    HttpResponse<Buffer> r = go(HttpMethod.GET, id, carrier, token(), null);
    assertEquals(404, r.statusCode(), id);
    assertEquals("not_found", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void redirect_postOnGo_returns405Json() {
    HttpResponse<Buffer> r = TestGateway.send(gw.request(HttpMethod.POST, "/go/known"));
    assertEquals(405, r.statusCode());
    assertEquals("method_not_allowed", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void redirect_tokenInQueryString_isNeverRead() {
    HttpResponse<Buffer> r = gw.get("/go/known?access_token=" + token() + "&token=" + token(), "Accept", "text/html");
    assertEquals(302, r.statusCode());
    assertTrue(r.getHeader("Location").startsWith("https://example.com/login?"));
    // The request's own query never travels into return_to.
    assertTrue(!r.getHeader("Location").contains("access_token"));
  }

  @Test
  void redirect_forwardedHostHeaders_doNotChangeReturnTo() {
    HttpResponse<Buffer> r = gw.get("/go/known", "Accept", "text/html", "Host", "evil.example",
        "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http", "X-Forwarded-Prefix", "/x");
    assertEquals(302, r.statusCode());
    assertTrue(r.getHeader("Location").contains("return_to=https%3A%2F%2Fgo.example.com%2Fgo%2Fknown"));
  }

  @Test
  void redirect_adminSession_isAlsoAReader() {
    HttpResponse<Buffer> r = go(HttpMethod.GET, "known", Carrier.BEARER, gw.admin("root").sign(), null);
    assertEquals(302, r.statusCode());
    assertEquals(SOURCE, r.getHeader("Location"));
  }

  @Test
  void redirect_neverAnswers301Or308() {
    for (Carrier c : Carrier.values()) {
      for (String id : List.of("known", "off", "nope")) {
        for (String token : new String[] {null, token()}) {
          int status = go(HttpMethod.GET, id, c, token, "text/html").statusCode();
          assertTrue(status != 301 && status != 308, id + " " + status);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void redirect_repeatClickOnTheFastPath_answersExactlyAsTheFirst(Carrier carrier) {
    String token = gw.reader("repeat-" + carrier).sign();
    HttpResponse<Buffer> first = go(HttpMethod.GET, "known", carrier, token, "text/html"); // verifies: router
    HttpResponse<Buffer> second = go(HttpMethod.GET, "known", carrier, token, "text/html"); // cached: fast path
    assertEquals(first.statusCode(), second.statusCode());
    assertEquals(new TreeSet<>(first.headers().names()), new TreeSet<>(second.headers().names()));
    for (String name : first.headers().names()) {
      assertEquals(first.getHeader(name), second.getHeader(name), name);
    }
    // Off the fast path: a disabled article, an unknown id, a percent-encoded id.
    assertEquals(410, go(HttpMethod.GET, "off", carrier, token, null).statusCode());
    assertEquals(404, go(HttpMethod.GET, "nope", carrier, token, null).statusCode());
    assertEquals(302, go(HttpMethod.GET, "%6Bnown", carrier, token, null).statusCode());
  }

  @Test
  void redirect_malformedQuery_isIgnoredInEveryCase() {
    String fresh = gw.reader("query-fresh").sign();
    String cached = gw.reader("query-cached").sign();
    assertEquals(302, RawHttp.get(gw.port(), "/go/known", "Authorization: Bearer " + cached).status()); // now cached
    for (String query : List.of("?%zz", "?%", "?a=%e9%", "?return_to=%zz&x")) {
      String target = "/go/known" + query;
      // A session verified just now (the router) and a cached one (the fast path): the redirect.
      for (String token : new String[] {fresh, cached}) {
        RawHttp.Response r = RawHttp.get(gw.port(), target, "Authorization: Bearer " + token);
        assertEquals(302, r.status(), target + " " + r.body());
        assertEquals(SOURCE, r.header("Location"), target);
      }
      fresh = gw.reader("query-fresh-" + query.length()).sign();
      // Anonymous browser: the login redirect, whose return_to never carries the query.
      RawHttp.Response login = RawHttp.get(gw.port(), target, "Accept: text/html");
      assertEquals(302, login.status(), target + " " + login.body());
      assertEquals("https://example.com/login?lang=en&return_to=https%3A%2F%2Fgo.example.com%2Fgo%2Fknown#top",
          login.header("Location"));
      // Anonymous API client: 401.
      RawHttp.get(gw.port(), target).assertJsonError(401, "unauthenticated", target);
      // HEAD, and a disabled or unknown article, are not changed by the query either.
      assertEquals(302, RawHttp.send(gw.port(), "HEAD", target, "HTTP/1.1",
          List.of("Host: localhost", "Authorization: Bearer " + cached)).status(), target);
      assertEquals(410, RawHttp.get(gw.port(), "/go/off" + query, "Authorization: Bearer " + cached).status());
      assertEquals(404, RawHttp.get(gw.port(), "/go/nope" + query, "Authorization: Bearer " + cached).status());
    }
  }

  @Test
  void redirect_trailingSlashOrExtraSegment_is404OnBothPaths() {
    String cached = gw.reader("slash-cached").sign();
    assertEquals(302, RawHttp.get(gw.port(), "/go/known", "Authorization: Bearer " + cached).status());
    for (String path : List.of("/go/known/", "/go/known//", "/go/known/x", "/go//known", "/go/known%2F",
        "/go/x/../known", "/go/./known", "/go/%2Fknown", "/go/%C3%A9")) {
      for (String token : new String[] {cached, gw.reader("slash-fresh").sign()}) {
        RawHttp.get(gw.port(), path, "Authorization: Bearer " + token).assertJsonError(404, "not_found", path);
      }
    }
  }

  @Test
  void redirect_percentEncodedUnreservedCharacters_areTheSameId() {
    String cached = gw.reader("pct-cached").sign();
    assertEquals(302, RawHttp.get(gw.port(), "/go/known", "Authorization: Bearer " + cached).status());
    for (String path : List.of("/go/%6Bnown", "/go/%6b%6E%6f%77%6E", "/go/know%6e")) {
      for (String token : new String[] {cached, gw.reader("pct-fresh").sign()}) {
        RawHttp.Response r = RawHttp.get(gw.port(), path, "Authorization: Bearer " + token);
        assertEquals(302, r.status(), path + " " + r.body());
        assertEquals(SOURCE, r.header("Location"), path);
      }
    }
  }
}
