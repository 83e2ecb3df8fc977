package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login-loop guard: three login round-trips for the same link that still come back without a
 * valid session, then a 401 page that says why; a valid session clears the count; API clients
 * never see it.
 */
class LoopGuardTest {
  private static final String HTML = "text/html,application/xhtml+xml";
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    gw.putArticle("a", "https://example.org/a", "A");
    gw.putArticle("b", "https://example.org/b", "B");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** A browser: sends its session cookie and the loop cookie it holds. */
  private static HttpResponse<Buffer> visit(String id, String session, String loop) {
    StringBuilder cookie = new StringBuilder("theme=dark");
    if (session != null) {
      cookie.append("; session=").append(session);
    }
    if (loop != null) {
      cookie.append("; ").append(loop);
    }
    return gw.get("/go/" + id, "Accept", HTML, "Cookie", cookie.toString());
  }

  /** The name=value part of the loop cookie set by {@code r}. */
  private static String loopCookie(HttpResponse<Buffer> r) {
    String set = r.getHeader("Set-Cookie");
    assertTrue(set != null && set.startsWith("linkgate_loop="), String.valueOf(set));
    return set.substring(0, set.indexOf(';'));
  }

  private String wrongAudience() {
    return gw.reader("alice").claim("aud", "another-app").sign();
  }

  @Test
  void loop_threeRoundTripsWithoutValidSession_then401PageSayingWhy() {
    String token = wrongAudience();
    String loop = null;
    for (int trip = 1; trip <= 3; trip++) {
      HttpResponse<Buffer> r = visit("a", token, loop);
      assertEquals(302, r.statusCode(), "round-trip " + trip);
      assertTrue(r.getHeader("Location").startsWith("https://example.com/login?"));
      String set = r.getHeader("Set-Cookie");
      assertTrue(set.startsWith("linkgate_loop=" + trip + "."), set);
      for (String attribute : new String[] {"; Max-Age=300", "; Path=/go/", "; HttpOnly", "; SameSite=Lax", "; Secure"}) {
        assertTrue(set.contains(attribute), attribute + " in " + set);
      }
      loop = loopCookie(r);
    }
    HttpResponse<Buffer> stopped = visit("a", token, loop);
    assertEquals(401, stopped.statusCode());
    assertNull(stopped.getHeader("Location"));
    assertEquals("Bearer realm=\"linkgate\", error=\"invalid_token\"", stopped.getHeader("WWW-Authenticate"));
    assertTrue(stopped.getHeader("Content-Type").startsWith("text/html"));
    assertEquals("no-store", stopped.getHeader("Cache-Control"));
    assertTrue(stopped.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertEquals("nosniff", stopped.getHeader("X-Content-Type-Options"));
    String page = stopped.bodyAsString();
    assertTrue(page.contains("could not verify your session (token: wrong audience)"), page);
    // it stays stopped (no new redirect) while the cookie lives
    assertEquals(401, visit("a", token, loop).statusCode());
  }

  @Test
  void loop_reasons_inPlainWords() {
    String expired = gw.reader("alice").expiresIn(Duration.ofMinutes(-10)).sign();
    String forged = gw.reader("alice").signHmac("not-the-secret-0123456789-0123456789-012".getBytes());
    assertTrue(stoppedPage(expired).contains("token: expired"));
    assertTrue(stoppedPage(forged).contains("token: not signed by a key linkgate trusts"));
    assertTrue(stoppedPage(null).contains("no session cookie reached linkgate"));
  }

  private static String stoppedPage(String token) {
    String loop = null;
    for (int trip = 1; trip <= 3; trip++) {
      loop = loopCookie(visit("b", token, loop));
    }
    HttpResponse<Buffer> r = visit("b", token, loop);
    assertEquals(401, r.statusCode());
    return r.bodyAsString();
  }

  @Test
  void loop_validSession_clearsTheCookie() {
    String loop = loopCookie(visit("a", wrongAudience(), null));
    loop = loopCookie(visit("a", wrongAudience(), loop));
    HttpResponse<Buffer> ok = visit("a", gw.reader("alice").sign(), loop);
    assertEquals(302, ok.statusCode());
    assertEquals("https://example.org/a", ok.getHeader("Location"));
    String cleared = ok.getHeader("Set-Cookie");
    assertTrue(cleared.startsWith("linkgate_loop=;") && cleared.contains("Max-Age=0")
        && cleared.contains("Path=/go/"), cleared);
    // without the cookie, a valid session sets nothing
    assertNull(visit("a", gw.reader("alice").sign(), null).getHeader("Set-Cookie"));
  }

  @Test
  void loop_countIsPerLink() {
    String loop = null;
    for (int trip = 1; trip <= 3; trip++) {
      loop = loopCookie(visit("a", null, loop));
    }
    HttpResponse<Buffer> other = visit("b", null, loop);
    assertEquals(302, other.statusCode(), "a count for a is no count for b");
    assertTrue(other.getHeader("Set-Cookie").startsWith("linkgate_loop=1."));
  }

  @Test
  void loop_forgedOrStaleCookie_countsFromZero() {
    long exp = gw.clock().millis() / 1000 + 200;
    for (String forged : new String[] {
        "linkgate_loop=9." + exp + ".AAAAAAAAAAAAAAAAAAAAAA", "linkgate_loop=3", "linkgate_loop=3." + exp,
        "linkgate_loop=x.y.z", "linkgate_loop=" + "9".repeat(300)}) {
      HttpResponse<Buffer> r = visit("a", null, forged);
      assertEquals(302, r.statusCode(), forged);
      assertTrue(r.getHeader("Set-Cookie").startsWith("linkgate_loop=1."), forged);
    }
    String loop = null;
    for (int trip = 1; trip <= 3; trip++) {
      loop = loopCookie(visit("a", null, loop));
    }
    gw.clock().advance(Duration.ofMinutes(6));
    HttpResponse<Buffer> later = visit("a", null, loop);
    assertEquals(302, later.statusCode(), "an expired count is no count");
    assertTrue(later.getHeader("Set-Cookie").startsWith("linkgate_loop=1."));
  }

  @Test
  void loop_apiClients_neverSeeIt() {
    String loop = null;
    for (int trip = 1; trip <= 3; trip++) {
      loop = loopCookie(visit("a", null, loop));
    }
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> r = gw.get("/go/a", "Accept", "application/json", "Cookie", loop);
      assertEquals(401, r.statusCode());
      assertEquals("unauthenticated", r.bodyAsJsonObject().getString("error"));
      assertNull(r.getHeader("Set-Cookie"));
    }
  }

  @Test
  void loop_headAndPrefetch_doNotAdvanceIt() {
    HttpResponse<Buffer> head = TestGateway.send(gw.request(HttpMethod.HEAD, "/go/a").putHeader("Accept", HTML));
    assertEquals(302, head.statusCode());
    assertNull(head.getHeader("Set-Cookie"));
    HttpResponse<Buffer> prefetch = gw.get("/go/a", "Accept", HTML, "Sec-Purpose", "prefetch");
    assertEquals(302, prefetch.statusCode());
    assertNull(prefetch.getHeader("Set-Cookie"));
    assertFalse(prefetch.getHeader("Location").isEmpty());
  }

  /** "HEAD answers like GET": at the limit, HEAD and prefetches get the 401 page too. */
  @Test
  void loop_atTheLimit_headAndPrefetchAnswerLikeGet_withoutSettingIt() {
    String loop = null;
    for (int trip = 1; trip <= 3; trip++) {
      loop = loopCookie(visit("a", null, loop));
    }
    assertEquals(401, visit("a", null, loop).statusCode());
    HttpResponse<Buffer> head = TestGateway.send(gw.request(HttpMethod.HEAD, "/go/a")
        .putHeader("Accept", HTML).putHeader("Cookie", loop));
    assertEquals(401, head.statusCode());
    assertNull(head.getHeader("Set-Cookie"));
    assertTrue(head.getHeader("Content-Type").startsWith("text/html"), head.getHeader("Content-Type"));
    HttpResponse<Buffer> prefetch = gw.get("/go/a", "Accept", HTML, "Sec-Purpose", "prefetch", "Cookie", loop);
    assertEquals(401, prefetch.statusCode());
    assertNull(prefetch.getHeader("Set-Cookie"));
  }
}
