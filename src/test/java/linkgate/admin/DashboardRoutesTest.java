package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /admin/} over HTTP: who gets the page, who is sent to the login page, who gets the 403
 * page; the page's security headers; and that every file the page and its modules load is served.
 */
class DashboardRoutesTest {
  private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  private static final String LOGIN = "https://example.com/login?return_to=https%3A%2F%2Fgo.example.com%2Fadmin%2F";
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<Buffer> page(String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Accept";
    all[1] = HTML;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return gw.get("/admin/", all);
  }

  // ---- access

  @Test
  void page_adminCookie_200WithStrictPolicy() {
    HttpResponse<Buffer> r = page("Cookie", "session=" + gw.admin("root").sign());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("text/html; charset=utf-8", r.getHeader("Content-Type"));
    assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        r.getHeader("Content-Security-Policy"));
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    assertEquals("DENY", r.getHeader("X-Frame-Options"));
    assertEquals("no-referrer", r.getHeader("Referrer-Policy"));
    String body = r.bodyAsString();
    assertTrue(body.contains("<meta name=\"viewport\""), body);
    assertTrue(body.contains("<script type=\"module\" src=\"assets/app.js\"></script>"), body);
  }

  @Test
  void page_noInlineScriptOrStyle() {
    String body = page("Cookie", "session=" + gw.admin("root").sign()).bodyAsString();
    Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(body);
    while (scripts.find()) {
      assertTrue(scripts.group(1).contains(" src=\""), "inline script: " + scripts.group());
    }
    assertFalse(body.contains("<style"), "inline style element");
    assertFalse(Pattern.compile("\\sstyle=").matcher(body).find(), "style attribute");
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(body).find(), "event handler attribute");
  }

  @Test
  void page_noCookie_302ToLoginReturningToDashboard() {
    HttpResponse<Buffer> r = page();
    assertEquals(302, r.statusCode());
    assertEquals(LOGIN, r.getHeader("Location"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
  }

  @Test
  void page_requestQuery_neverSteersTheReturn() {
    HttpResponse<Buffer> r = gw.get("/admin/?return_to=https%3A%2F%2Fevil.example%2F", "Accept", HTML,
        "Host", "evil.example", "X-Forwarded-Host", "evil.example");
    assertEquals(302, r.statusCode());
    assertEquals(LOGIN, r.getHeader("Location"));
  }

  @Test
  void page_expiredOrForgedCookie_302ToLogin() {
    String expired = gw.admin("root").expiresIn(Duration.ofMinutes(-5)).sign();
    assertEquals(LOGIN, page("Cookie", "session=" + expired).getHeader("Location"));
    assertEquals(LOGIN, page("Cookie", "session=" + gw.admin("root").sign() + "x").getHeader("Location"));
  }

  @Test
  void page_readerCookie_403HtmlPage() {
    HttpResponse<Buffer> r = page("Cookie", "session=" + gw.reader("alice").sign());
    assertEquals(403, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.getHeader("Content-Type"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    assertEquals("default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        r.getHeader("Content-Security-Policy"));
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    assertEquals("DENY", r.getHeader("X-Frame-Options"));
    String body = r.bodyAsString();
    assertTrue(body.contains("<h1>Admins only</h1>"), body);
    assertTrue(body.contains("does not have the admin role"), body);
    assertTrue(body.contains("<link rel=\"stylesheet\" href=\"assets/dashboard.css\">"), body);
    assertTrue(body.contains("href=\"" + LOGIN.replace("&", "&amp;") + "\">Sign in with another account</a>"), body);
    assertFalse(Pattern.compile("<script|<style|\\sstyle=").matcher(body).find(), body);
  }

  @Test
  void page_notAskingForHtml_jsonErrorsLikeTheApi() {
    HttpResponse<Buffer> anonymous = gw.get("/admin/");
    assertEquals(401, anonymous.statusCode());
    assertEquals("unauthenticated", anonymous.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> reader = gw.get("/admin/", "Cookie", "session=" + gw.reader("alice").sign());
    assertEquals(403, reader.statusCode());
    assertEquals("forbidden", reader.bodyAsJsonObject().getString("error"));
  }

  @Test
  void page_bearerOrApiKey_alsoAllowed() {
    assertEquals(200, page("Authorization", "Bearer " + gw.admin("root").sign()).statusCode());
    assertEquals(200, page("X-Api-Key", TestGateway.API_KEY).statusCode());
  }

  @Test
  void adminWithoutSlash_302ToDashboard() {
    HttpResponse<Buffer> r = gw.get("/admin");
    assertEquals(302, r.statusCode());
    assertEquals("admin/", r.getHeader("Location")); // relative: /admin/, also under a path prefix
  }

  // ---- the files the page loads

  /** Every src/href of the page, and every module imported from there on, transitively. */
  private static List<String> assets() {
    String body = page("Cookie", "session=" + gw.admin("root").sign()).bodyAsString();
    Set<String> found = new LinkedHashSet<>();
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"").matcher(body);
    while (refs.find()) {
      if (!refs.group(1).startsWith("data:")) {
        found.add(java.net.URI.create("/admin/").resolve(refs.group(1)).toString());
      }
    }
    List<String> queue = new ArrayList<>(found);
    Pattern imports = Pattern.compile("(?m)^(?:import|export)[^;]*? from '([^']+)';");
    for (int i = 0; i < queue.size(); i++) {
      String path = queue.get(i);
      if (!path.endsWith(".js") || path.startsWith("/webjars/")) {
        continue;
      }
      Matcher m = imports.matcher(gw.get(path).bodyAsString());
      while (m.find()) {
        String target = java.net.URI.create(path).resolve(m.group(1)).toString();
        if (found.add(target)) {
          queue.add(target);
        }
      }
    }
    return queue;
  }

  @Test
  void assets_everyFileThePageLoads_servedWithoutSessionAndNosniff() {
    List<String> assets = assets();
    assertTrue(assets.contains("/admin/assets/app.js"), assets.toString());
    assertTrue(assets.contains("/admin/assets/pages/overview.js"), assets.toString());
    assertTrue(assets.contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"), assets.toString());
    for (String path : assets) {
      HttpResponse<Buffer> r = gw.get(path); // no credentials: the files hold no data
      assertEquals(200, r.statusCode(), path);
      assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), path);
      String type = r.getHeader("Content-Type");
      if (path.endsWith(".js")) {
        assertTrue(type.startsWith("text/javascript") || type.startsWith("application/javascript"), path + ": " + type);
      } else {
        assertTrue(type.startsWith("text/css"), path + ": " + type);
      }
    }
  }

  @Test
  void assets_ownFilesRevalidated_webjarCached() {
    assertEquals("no-cache", gw.get("/admin/assets/app.js").getHeader("Cache-Control"));
    assertTrue(gw.get("/webjars/uplot/1.6.30/dist/uPlot.min.css").getHeader("Cache-Control").contains("max-age="));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/admin/assets/",
      "/admin/assets/missing.js",
      "/admin/assets/../index.html",
      "/admin/assets/%2e%2e/index.html",
      "/admin/assets/..%2findex.html",
      "/admin/assets/%2e%2e/%2e%2e/logback.xml",
      "/webjars/../logback.xml",
      "/webjars/%2e%2e/logback.xml",
      "/webjars/",
      "/admin/index.html"})
  void assets_nothingElseServed(String path) {
    HttpResponse<Buffer> r = gw.get(path);
    assertNotEquals(200, r.statusCode(), path + " -> " + r.bodyAsString());
    assertNull(r.getHeader("Content-Security-Policy"), path);
  }
}
