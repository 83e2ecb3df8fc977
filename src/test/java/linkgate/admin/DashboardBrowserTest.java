package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import linkgate.testing.Browser;
import linkgate.testing.MutableClock;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;

/**
 * The dashboard in a real browser (Debian's headless Chromium, see {@link Browser}) against the
 * whole gateway, seeded through real {@code /go/} requests at known instants before now:
 *
 * <pre>
 * now-1h   xss: r2, r7; one anonymous attempt (blocked)
 * now-2h   alpha: r1, r1
 * now-3h   alpha: r2, r3
 * now-4h   alpha: two anonymous attempts (blocked)
 * now-5h   beta: r1, r5, r6
 * now-6h   alpha: r4
 * now-3d   beta: r8, r9, r10, r11
 * now-20d  beta: r12
 * </pre>
 *
 * so the last 24 hours rank alpha (5) before beta (3), the last 7 days beta (7) before alpha (5).
 * 60 filler articles make the article list two pages long. The gateway's clock is set to the real
 * time so that the browser's "last 24 hours" are the gateway's; the public origin is the browser's
 * ({@code http://localhost:<port>}) so that cookie-authenticated changes pass the CSRF check, and
 * the "login page" is the gateway's own {@code /healthz}, so that the browser can follow the
 * login redirect without a network.
 *
 * <p>Screenshots of every page go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final int FILLERS = 60;

  private static TestGateway gw;
  private static Browser browser;
  private static ChromeDriver driver;
  private static String base;

  @BeforeAll
  static void seedAndOpen() {
    browser = Browser.start(1280, 900); // first: without a browser, fail before seeding anything
    driver = browser.driver();
    TestGateway.Builder builder = TestGateway.with("clicks.flushInterval", "50ms").servedAtLocalhost();
    String publicBaseUrl = builder.config().http().publicBaseUrl().toString();
    gw = builder.with("session.loginUrl", publicBaseUrl + "/healthz").clock(new MutableClock(NOW)).start();
    base = publicBaseUrl;

    gw.putArticle("alpha", "https://example.org/alpha", "Alpha: the most read today");
    gw.putArticle("beta", "https://example.org/beta", "Beta, read all week");
    gw.putArticle("xss", "https://example.org/xss", XSS);
    StringBuilder csv = new StringBuilder("id,url,title\n");
    for (int i = 0; i < FILLERS; i++) {
      csv.append(String.format("filler-%02d,https://example.org/filler/%d,Filler article number %d%n", i, i, i));
    }
    JsonObject imported = importCsv(csv.toString());
    assertEquals(FILLERS, imported.getInteger("imported"), imported.encode());

    clicks(NOW.minus(1, ChronoUnit.HOURS), "xss", "r2", "r7");
    blocked(NOW.minus(1, ChronoUnit.HOURS), "xss", 1);
    clicks(NOW.minus(2, ChronoUnit.HOURS), "alpha", "r1", "r1");
    clicks(NOW.minus(3, ChronoUnit.HOURS), "alpha", "r2", "r3");
    blocked(NOW.minus(4, ChronoUnit.HOURS), "alpha", 2);
    clicks(NOW.minus(5, ChronoUnit.HOURS), "beta", "r1", "r5", "r6");
    clicks(NOW.minus(6, ChronoUnit.HOURS), "alpha", "r4");
    clicks(NOW.minus(3, ChronoUnit.DAYS), "beta", "r8", "r9", "r10", "r11");
    clicks(NOW.minus(20, ChronoUnit.DAYS), "beta", "r12");
    gw.clock().set(NOW);
    awaitApi("/admin/api/stats/summary", j -> j.getLong("clicks") == 15 && j.getLong("blocked") == 3);
  }

  @AfterAll
  static void close() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (gw != null) {
        gw.close();
      }
    }
  }

  // ---- seeding and the API

  private static void clicks(Instant at, String id, String... readers) {
    gw.clock().set(at);
    for (String reader : readers) {
      HttpResponse<Buffer> r = gw.get("/go/" + id, "Authorization", "Bearer " + gw.reader(reader).sign());
      assertEquals(302, r.statusCode(), r.bodyAsString());
    }
  }

  private static void blocked(Instant at, String id, int times) {
    gw.clock().set(at);
    for (int i = 0; i < times; i++) {
      assertEquals(401, gw.get("/go/" + id).statusCode());
    }
  }

  private static JsonObject importCsv(String csv) {
    HttpResponse<Buffer> r = TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "text/csv"), Buffer.buffer(csv));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject api(String pathAndQuery) {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET, pathAndQuery, null);
    assertEquals(200, r.statusCode(), pathAndQuery + " -> " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** Polls until the click recorder's flush shows in the API. */
  private static JsonObject awaitApi(String pathAndQuery, Predicate<JsonObject> ready) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = api(pathAndQuery);
      if (ready.test(last)) {
        return last;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("timed out on " + pathAndQuery + "; last answer " + last);
  }

  // ---- the browser

  /** Opens the dashboard at {@code fragment} with a session cookie of {@code token} (null: none). */
  private static void open(String token, String fragment) {
    driver.get(base + "/healthz"); // cookies are set for the page's origin
    driver.manage().deleteAllCookies();
    if (token != null) {
      driver.manage().addCookie(new Cookie("session", token));
    }
    driver.get(base + "/admin/" + fragment);
  }

  private static void openAsAdmin(String fragment) {
    open(gw.admin("root").expiresIn(Duration.ofHours(1)).sign(), fragment);
  }

  private static WebElement waitFor(By by) {
    return browser.await().ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(by));
  }

  private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    try {
      browser.await().ignoring(StaleElementReferenceException.class).withMessage(what)
          .until(d -> condition.getAsBoolean());
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(what + " (page: " + driver.findElement(By.id("view")).getText() + ")", e);
    }
  }

  private static long stat(String name) {
    return Long.parseLong(driver.findElement(By.cssSelector("[data-stat=" + name + "]")).getText().replaceAll("[^0-9]", ""));
  }

  private static String statText(String name) {
    return driver.findElement(By.cssSelector("[data-stat=" + name + "]")).getText();
  }

  private static List<String> topIds() {
    List<String> ids = new ArrayList<>();
    for (WebElement id : driver.findElements(By.cssSelector("#top-articles tbody .id"))) {
      ids.add(id.getText());
    }
    return ids;
  }

  /** from and to of the overview's CSV link: the range the page shows. */
  private static Map<String, String> csvRange() {
    String href = driver.findElement(By.id("download-csv")).getAttribute("href");
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : URI.create(href).getQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return params;
  }

  private static String query(Map<String, String> range) {
    return "from=" + range.get("from") + "&to=" + range.get("to");
  }

  private static void assertTotalsAsApi(JsonObject api) {
    assertEquals(api.getLong("clicks"), stat("clicks"), "clicks; API says " + api.encode());
    assertEquals(api.getLong("uniqueReaders"), stat("uniqueReaders"), "unique readers; API says " + api.encode());
    assertEquals(api.getLong("blocked"), stat("blocked"), "blocked; API says " + api.encode());
  }

  /**
   * How far the line of a series rises on the chart's canvas: the height spanned by the opaque
   * pixels of its stroke colour (read from its legend marker, so not tied to the palette), as a
   * share of the plot area's height. About 0 for a flat line along zero (a line, its dots), up
   * to 1 for a line that reaches the top; -1 when none of its pixels are drawn, -2 when there is
   * no chart. Axes, grid and the clicks' faint fill are other colours or not opaque.
   */
  private static double rise(String label) {
    Object share = browser.js("""
        const row = [...document.querySelectorAll('#view .u-legend .u-series')]
            .find((r) => r.querySelector('.u-label')?.textContent === arguments[0]);
        const canvas = document.querySelector('#view .uplot canvas');
        const over = document.querySelector('#view .uplot .u-over');
        if (!row || !canvas || !over || canvas.width === 0) return -2;
        const [r, g, b] = getComputedStyle(row.querySelector('.u-marker')).borderTopColor
            .match(/\\d+/g).map(Number);
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let top = Infinity;
        let bottom = -Infinity;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] >= 160 && Math.abs(data[i] - r) <= 40 && Math.abs(data[i + 1] - g) <= 40
              && Math.abs(data[i + 2] - b) <= 40) {
            const y = Math.floor(i / 4 / canvas.width);
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
          }
        }
        if (top === Infinity) return -1;
        const pixelsPerCss = canvas.height / canvas.getBoundingClientRect().height;
        return (bottom - top) / pixelsPerCss / over.getBoundingClientRect().height;""", label);
    return ((Number) share).doubleValue();
  }

  /** The chart draws both series, and both rise from zero (every charted range has a peak at 1/2 or more). */
  private static void assertChartDrawn() {
    waitUntil("the clicks line is drawn and rises", () -> rise("Clicks") > 0.3);
    double readers = rise("Unique readers");
    assertTrue(readers > 0.3, "the unique readers line rises: " + readers);
    WebElement canvas = driver.findElement(By.cssSelector("#view .uplot canvas"));
    assertTrue(canvas.getSize().getWidth() > 200 && canvas.getSize().getHeight() > 100, canvas.getSize().toString());
  }

  /** The chart of a range without clicks: both lines drawn, flat along zero. */
  private static void assertChartFlat() {
    waitUntil("the clicks line is drawn", () -> rise("Clicks") >= 0);
    double clicks = rise("Clicks");
    double readers = rise("Unique readers");
    assertTrue(clicks >= 0 && clicks < 0.1, "clicks line flat: " + clicks);
    assertTrue(readers >= 0 && readers < 0.1, "unique readers line flat: " + readers);
  }

  /** The legend's values: time, clicks, unique readers. */
  private static List<String> legend() {
    List<String> values = new ArrayList<>();
    for (WebElement value : driver.findElements(By.cssSelector("#view .u-legend .u-value"))) {
      values.add(value.getText());
    }
    return values;
  }

  private static void assertNoScriptRan() {
    assertTrue(driver.findElements(By.tagName("img")).isEmpty(), "an img element was created");
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
  }

  // ---- access

  @Test
  @Order(1)
  void access_noSession_browserFollowsLoginRedirectWithReturnTo() {
    open(null, "");
    waitUntil("sent to the login page", () -> driver.getCurrentUrl().startsWith(base + "/healthz"));
    assertEquals(base + "/healthz?return_to=" + URLEncoder.encode(base + "/admin/", StandardCharsets.UTF_8),
        driver.getCurrentUrl());
  }

  @Test
  @Order(2)
  void access_readerSession_403Page() {
    open(gw.reader("alice").sign(), "");
    assertEquals("Admins only", waitFor(By.tagName("h1")).getText());
    assertTrue(driver.findElement(By.tagName("p")).getText().contains("admin role"));
    // The dashboard's style sheet applies (the policy allows it): no browser-default serif text.
    assertTrue(String.valueOf(browser.js("return getComputedStyle(document.body).fontFamily;")).startsWith("system-ui"));
    WebElement signIn = driver.findElement(By.linkText("Sign in with another account"));
    assertEquals(base + "/healthz?return_to=" + URLEncoder.encode(base + "/admin/", StandardCharsets.UTF_8),
        signIn.getAttribute("href"));
    browser.screenshot("forbidden");
  }

  // ---- overview

  @Test
  @Order(10)
  void overview_sevenDays_totalsChartTopAndCsvAsTheApi() {
    openAsAdmin("");
    waitFor(By.cssSelector("#top-articles tbody tr"));
    Map<String, String> range = csvRange();
    assertEquals(Duration.ofDays(7), Duration.between(Instant.parse(range.get("from")), Instant.parse(range.get("to"))));

    JsonObject summary = api("/admin/api/stats/summary?" + query(range));
    assertTotalsAsApi(summary);
    assertEquals(14, stat("clicks"));
    assertEquals(11, stat("uniqueReaders"));
    assertEquals(3, stat("blocked"));
    assertEquals("17.6%", statText("blockedShare")); // 3 / (14 + 3)

    assertChartDrawn();
    // Not hovered, the legend shows the range's totals; hovered, the bucket under the pointer.
    assertEquals(List.of("whole range", "14", "11"), legend());
    WebElement plot = driver.findElement(By.cssSelector("#view .uplot .u-over"));
    new Actions(driver).moveToElement(plot).perform(); // its middle: 3.5 days ago
    waitUntil("hovered bucket in the legend", () -> !legend().get(0).equals("whole range"));
    List<String> hovered = legend();
    assertTrue(hovered.get(0).matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:00\\h[AP]M"), hovered.toString());
    assertEquals(List.of("0", "0"), hovered.subList(1, 3), "nothing was counted then");
    new Actions(driver).moveToElement(driver.findElement(By.tagName("h1"))).perform();
    waitUntil("totals again", () -> legend().equals(List.of("whole range", "14", "11")));

    JsonArray top = api("/admin/api/stats/top?limit=20&" + query(range)).getJsonArray("items");
    List<String> apiOrder = new ArrayList<>();
    top.forEach(o -> apiOrder.add(((JsonObject) o).getString("id")));
    assertEquals(List.of("beta", "alpha", "xss"), apiOrder);
    assertEquals(apiOrder, topIds());
    List<WebElement> firstRow = driver.findElements(By.cssSelector("#top-articles tbody tr:first-child td"));
    assertEquals(List.of("7", "7", "0"), List.of(firstRow.get(1).getText(), firstRow.get(2).getText(), firstRow.get(3).getText()));

    // The CSV link downloads the same range with the page's cookie.
    String href = driver.findElement(By.id("download-csv")).getAttribute("href");
    HttpResponse<Buffer> csv = gw.get(URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery(),
        "Cookie", "session=" + gw.admin("root").sign());
    assertEquals(200, csv.statusCode(), csv.bodyAsString());
    assertTrue(csv.bodyAsString().startsWith("bucket,id,clicks,uniqueReaders,blocked\r\n"), csv.bodyAsString());

    browser.screenshot("overview");
  }

  @Test
  @Order(11)
  void overview_rangeButtons_totalsAndOrderFollowTheRange() {
    openAsAdmin("");
    waitFor(By.cssSelector("#top-articles tbody tr"));

    driver.findElement(By.cssSelector("[data-range='24h']")).click();
    waitUntil("24 h ranking", () -> topIds().equals(List.of("alpha", "beta", "xss")));
    Map<String, String> day = csvRange();
    assertEquals(Duration.ofDays(1), Duration.between(Instant.parse(day.get("from")), Instant.parse(day.get("to"))));
    assertTotalsAsApi(api("/admin/api/stats/summary?" + query(day)));
    assertEquals(10, stat("clicks"));
    assertChartDrawn();
    browser.screenshot("overview-24h");

    driver.findElement(By.cssSelector("[data-range='30d']")).click();
    waitUntil("30 days", () -> stat("clicks") == 15);
    assertTotalsAsApi(api("/admin/api/stats/summary?" + query(csvRange())));
    assertChartDrawn();
    assertTrue(driver.findElement(By.cssSelector("#view .card h2")).getText().endsWith("per day (UTC)"));
    browser.screenshot("overview-30d");

    // Custom: only the day of the four clicks three days ago (the inputs are UTC).
    driver.findElement(By.cssSelector("[data-range='custom']")).click();
    String from = NOW.minus(4, ChronoUnit.DAYS).toString().substring(0, 16);
    String to = NOW.minus(2, ChronoUnit.DAYS).toString().substring(0, 16);
    browser.js("const f = document.getElementById('custom-range');"
        + " f.elements.from.value = arguments[0]; f.elements.to.value = arguments[1];", from, to);
    driver.findElement(By.cssSelector("#custom-range button[type=submit]")).click();
    waitUntil("custom range", () -> stat("clicks") == 4 && topIds().equals(List.of("beta")));
    Map<String, String> custom = csvRange();
    assertEquals(Instant.parse(from + ":00Z"), Instant.parse(custom.get("from")));
    assertEquals(Instant.parse(to + ":00Z"), Instant.parse(custom.get("to")));
    assertTotalsAsApi(api("/admin/api/stats/summary?" + query(custom)));
    assertChartDrawn();

    // The control: a range without clicks draws both lines flat along zero.
    openAsAdmin("#/?from=" + NOW.minus(12, ChronoUnit.DAYS) + "&to=" + NOW.minus(10, ChronoUnit.DAYS));
    waitUntil("empty range", () -> stat("clicks") == 0 && stat("blocked") == 0);
    assertChartFlat();
    assertEquals(List.of("whole range", "0", "0"), legend());
    browser.screenshot("overview-empty-range");
  }

  // ---- article page

  @Test
  @Order(20)
  void overview_followingARow_opensTheArticlePage() {
    openAsAdmin("");
    waitFor(By.cssSelector("#top-articles tbody tr"));
    driver.findElement(By.linkText("Alpha: the most read today")).click();
    waitUntil("article page", () -> driver.findElement(By.id("article-title")).getText()
        .equals("Alpha: the most read today"));
    assertTrue(driver.getCurrentUrl().endsWith("/admin/#/articles/alpha?range=7d"), driver.getCurrentUrl());

    WebElement source = driver.findElement(By.cssSelector("#article-url a"));
    assertEquals("https://example.org/alpha", source.getAttribute("href"));
    assertEquals("_blank", source.getAttribute("target"));
    assertEquals("noopener noreferrer", source.getAttribute("rel"));

    waitFor(By.cssSelector("[data-stat=clicks]"));
    JsonObject stats = api("/admin/api/stats/articles/alpha?from=" + NOW.minus(7, ChronoUnit.DAYS)
        + "&to=" + NOW.plus(1, ChronoUnit.HOURS));
    assertTotalsAsApi(stats);
    assertEquals(5, stat("clicks"));
    assertEquals(4, stat("uniqueReaders"));
    assertEquals("28.6%", statText("blockedShare")); // 2 / (5 + 2)
    assertChartDrawn();
    browser.screenshot("article");
  }

  @Test
  @Order(21)
  void article_toggleEnabled_goAnswers410_andBack() {
    openAsAdmin("#/articles/alpha");
    WebElement toggle = waitFor(By.id("enabled-toggle"));
    assertTrue(toggle.isSelected());
    toggle.click();
    waitUntil("disabled", () -> driver.findElement(By.id("enabled-state")).getText().startsWith("Disabled"));
    assertEquals(false, api("/admin/api/articles/alpha").getBoolean("enabled"));
    // HEAD answers like GET and is not counted, so the stats of the other tests stay put.
    String reader = "Bearer " + gw.reader("r1").sign();
    assertEquals(410, TestGateway.send(gw.request(HttpMethod.HEAD, "/go/alpha").putHeader("Authorization", reader)).statusCode());
    assertEquals(410, gw.get("/go/alpha", "Authorization", reader).statusCode()); // a 410 is never counted
    browser.screenshot("article-disabled");

    driver.findElement(By.id("enabled-toggle")).click();
    waitUntil("enabled again", () -> driver.findElement(By.id("enabled-state")).getText().startsWith("Enabled"));
    assertEquals(302, TestGateway.send(gw.request(HttpMethod.HEAD, "/go/alpha").putHeader("Authorization", reader)).statusCode());
  }

  @Test
  @Order(22)
  void xssTitle_isTextOnEveryPage() {
    openAsAdmin("");
    waitUntil("top table", () -> topIds().contains("xss"));
    assertEquals(1, driver.findElements(By.linkText(XSS)).size(), "the title is the link's text");
    assertNoScriptRan();

    driver.findElement(By.linkText(XSS)).click();
    waitUntil("article page", () -> driver.findElement(By.id("article-title")).getText().equals(XSS));
    assertEquals(XSS + " · linkgate", driver.getTitle());
    waitFor(By.cssSelector("[data-stat=clicks]"));
    assertNoScriptRan();
    assertEquals(XSS, driver.findElement(By.id("field-title")).getAttribute("value"));
    browser.screenshot("article-xss-title");

    openAsAdmin("#/articles?after=filler-59"); // the page of the list that holds it
    waitUntil("list", () -> !driver.findElements(By.cssSelector("#articles tbody tr")).isEmpty());
    assertTrue(driver.findElement(By.id("articles")).getText().contains(XSS));
    assertNoScriptRan();
  }

  // ---- articles

  @Test
  @Order(30)
  void articles_twoPages_nextFollowsTheCursor() {
    openAsAdmin("#/articles");
    waitUntil("first page", () -> driver.findElements(By.cssSelector("#articles tbody tr")).size() == 50);
    JsonObject first = api("/admin/api/articles?limit=50");
    List<WebElement> rows = driver.findElements(By.cssSelector("#articles tbody tr td:first-child"));
    assertEquals(first.getJsonArray("items").getJsonObject(0).getString("id"), rows.get(0).getText());
    assertEquals(first.getString("next"), rows.get(49).getText());
    browser.screenshot("articles");

    driver.findElement(By.id("next-page")).click();
    JsonObject second = api("/admin/api/articles?limit=50&after=" + first.getString("next"));
    int expected = second.getJsonArray("items").size();
    waitUntil("second page", () -> driver.findElements(By.cssSelector("#articles tbody tr")).size() == expected);
    assertEquals(second.getJsonArray("items").getJsonObject(0).getString("id"),
        driver.findElement(By.cssSelector("#articles tbody tr td:first-child")).getText());
    assertTrue(driver.findElements(By.id("next-page")).isEmpty(), "no page after the last");
  }

  @Test
  @Order(31)
  void articles_add_serverUrlErrorNextToTheField_thenSaved() {
    openAsAdmin("#/articles");
    waitFor(By.cssSelector("#add-article summary")).click();
    WebElement id = waitFor(By.id("field-id"));
    id.sendKeys("added-1");
    driver.findElement(By.id("field-url")).sendKeys("ftp://example.org/file");
    driver.findElement(By.id("field-title")).sendKeys("Added in the browser");
    driver.findElement(By.cssSelector(".article-form button[type=submit]")).click();

    HttpResponse<Buffer> direct = gw.admin(HttpMethod.PUT, "/admin/api/articles/scratch",
        new JsonObject().put("url", "ftp://example.org/file"));
    assertEquals(400, direct.statusCode());
    String message = direct.bodyAsJsonObject().getString("message");
    waitUntil("URL error shown", () -> driver.findElement(By.id("error-url")).getText().equals(message));
    assertEquals("", driver.findElement(By.id("error-id")).getText());
    browser.screenshot("article-add-error");

    WebElement url = driver.findElement(By.id("field-url"));
    url.clear();
    url.sendKeys("https://example.org/added");
    driver.findElement(By.cssSelector(".article-form button[type=submit]")).click();
    waitUntil("article page of the new article", () -> driver.getCurrentUrl().endsWith("#/articles/added-1")
        && driver.findElement(By.id("article-title")).getText().equals("Added in the browser"));
    JsonObject saved = api("/admin/api/articles/added-1");
    assertEquals("https://example.org/added", saved.getString("url"));
    assertEquals(true, saved.getBoolean("enabled"));
  }

  @Test
  @Order(32)
  void articles_addExistingId_refusedNextToTheId() {
    openAsAdmin("#/articles");
    waitFor(By.cssSelector("#add-article summary")).click();
    waitFor(By.id("field-id")).sendKeys("alpha");
    driver.findElement(By.id("field-url")).sendKeys("https://example.org/other");
    driver.findElement(By.cssSelector(".article-form button[type=submit]")).click();
    waitUntil("id error", () -> driver.findElement(By.id("error-id")).getText().contains("already exists"));
    assertEquals("https://example.org/alpha", api("/admin/api/articles/alpha").getString("url"));
  }

  @Test
  @Order(33)
  void articles_importFile_rejectedLinesWithNumbers() {
    String csv = "id,url,title\n"
        + "imp-1,https://example.org/i1,One\n"
        + "imp-2,not a url,Two\n"
        + "-bad,https://example.org/i3,Three\n"
        + "imp-4,https://example.org/i4,\"Four, quoted\"\n";
    openAsAdmin("#/articles?after=filler-59");
    waitFor(By.cssSelector("#import-articles summary")).click();
    waitFor(By.id("import-file")).sendKeys(Browser.file("articles.csv", csv).getAbsolutePath());
    driver.findElement(By.cssSelector(".import-form button[type=submit]")).click();
    waitUntil("import result", () -> driver.findElement(By.id("import-result")).getText().startsWith("Imported"));

    JsonObject api = importCsv(csv); // the same file again: an upsert, same answer
    assertEquals(2, api.getInteger("imported"));
    assertEquals("Imported 2 articles. 2 lines were rejected:",
        driver.findElement(By.cssSelector("#import-result .import-summary")).getText());
    List<WebElement> rows = driver.findElements(By.cssSelector("#import-rejected tbody tr"));
    JsonArray rejected = api.getJsonArray("rejected");
    assertEquals(rejected.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
      assertEquals(String.valueOf(rejected.getJsonObject(i).getInteger("line")), cells.get(0).getText());
      assertEquals(rejected.getJsonObject(i).getString("error"), cells.get(1).getText());
    }
    assertEquals(List.of("3", "4"), List.of(rows.get(0).findElement(By.tagName("td")).getText(),
        rows.get(1).findElement(By.tagName("td")).getText()));
    assertEquals("Four, quoted", api("/admin/api/articles/imp-4").getString("title"));
    // The list is read again: the imported articles are on this page now.
    waitUntil("list reloaded", () -> driver.findElement(By.id("articles")).getText().contains("Four, quoted"));
    browser.screenshot("articles-import");
  }

  // ---- a phone, and the console

  @Test
  @Order(40)
  void phone_pagesFitTheScreen() {
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      openAsAdmin("");
      waitFor(By.cssSelector("#top-articles tbody tr"));
      assertChartDrawn();
      assertNoHorizontalScroll();
      browser.screenshot("phone-overview");

      openAsAdmin("#/articles/alpha");
      waitFor(By.cssSelector("[data-stat=clicks]"));
      assertChartDrawn();
      assertNoHorizontalScroll();
      browser.screenshot("phone-article");

      openAsAdmin("#/articles");
      waitFor(By.cssSelector("#articles tbody tr"));
      assertNoHorizontalScroll();
      // Each "Updated" date on one line, and the table fits the card (no sideways scrolling).
      Object wrapped = browser.js("""
          return [...document.querySelectorAll('#articles time')]
              .filter((t) => t.getClientRects().length !== 1).map((t) => t.textContent).join('; ');""");
      assertEquals("", wrapped, "relative dates wrapped onto more lines");
      Object tableOverflow = browser.js("const w = document.querySelector('#articles').closest('.table-wrap');"
          + " return w.scrollWidth - w.clientWidth;");
      assertEquals(0L, ((Number) tableOverflow).longValue(), "the article table scrolls sideways");
      browser.windowScreenshot("phone-articles");
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  private static void assertNoHorizontalScroll() {
    Object overflow = browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertEquals(0L, ((Number) overflow).longValue(), "the page is wider than the screen");
    Object sticking = browser.js("""
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('.card, .top, .rangebar')]
            .map((e) => e.getBoundingClientRect())
            .filter((r) => r.right > width + 0.5 || r.left < -0.5)
            .map((r) => `${r.left}..${r.right} of ${width}`)
            .join('; ');""");
    assertEquals("", sticking, "boxes that stick out of the screen");
  }

  @Test
  @Order(50)
  void console_noPolicyViolationsOrScriptErrors() {
    List<String> problems = new ArrayList<>();
    int answeredErrors = 0;
    for (LogEntry entry : browser.console()) {
      String m = entry.getMessage();
      // The add form's id check (404) and the refused URL (400) are logged by the browser.
      boolean expected = m.contains("Failed to load resource: the server responded with a status of");
      if (expected) {
        answeredErrors++;
      }
      if (m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught")
          || (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !expected)) {
        problems.add(entry.getLevel() + " " + m);
      }
    }
    assertTrue(answeredErrors > 0, "the console log was read (it holds the expected 404 and 400)");
    assertEquals(List.of(), problems);
  }

  @Test
  @Order(55)
  void format_numbersAndDatesForPeople() {
    openAsAdmin("");
    waitFor(By.cssSelector("#top-articles tbody tr"));
    Object formatted = driver.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('./assets/format.js').then((f) => done([
          f.number(1234567),
          f.relative(Date.now() - 3 * 3600 * 1000),
          f.relative(Date.now() - 24 * 3600 * 1000),
          f.relative(Date.now() - 10 * 1000),
          f.blockedShare(0, 0),
          f.blockedShare(3, 1),
          f.dateTime('2026-11-24T10:00:00Z'),
          f.relative(Date.now() - 28 * 1000, Date.now(), 'short'),
          f.relative(Date.now() - 3 * 3600 * 1000, Date.now(), 'short'),
          f.bucketStart('2026-11-24T10:00:00Z', 'hour'),
          f.bucketStart('2026-11-24T00:00:00Z', 'day'),
        ]), (e) => done(String(e)));""");
    assertEquals(List.of("1,234,567", "3 hours ago", "yesterday", "10 seconds ago", "–", "25%",
        "Nov 24, 2026, 10:00 AM UTC", "28 sec. ago", "3 hr. ago", "Nov 24, 2026, 10:00 AM", "Nov 24, 2026"), formatted);
  }

  @Test
  @Order(60)
  void policy_inlineScriptAndStyleAttribute_refusedByTheBrowser() {
    openAsAdmin("");
    waitFor(By.cssSelector("#top-articles tbody tr"));
    browser.console(); // start from an empty log
    browser.js("""
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true;';
        document.head.append(script);
        const box = document.createElement('div');
        box.id = 'styled';
        box.setAttribute('style', 'display: inline-block; width: 777px');
        document.body.append(box);""");
    assertEquals(null, browser.js("return window.inlineRan ?? null;"));
    assertNotEquals("777px", browser.js("return getComputedStyle(document.getElementById('styled')).width;"));
    List<String> refused = new ArrayList<>();
    for (LogEntry entry : browser.console()) {
      if (entry.getMessage().contains("Content Security Policy")) {
        refused.add(entry.getMessage());
      }
    }
    assertEquals(2, refused.size(), refused.toString());
  }
}
