package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import linkgate.clicks.ClickRecorder;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin stats routes through the whole gateway and a real embedded store. One gateway is
 * seeded once with clicks at known instants (readers alice, bob, carol, dave, erin):
 *
 * <pre>
 * 2026-11-22T09:15Z  alice a1, alice a1, bob a1, alice a2
 * 2026-11-22T23:59Z  carol a1
 * 2026-11-23T00:00Z  alice a1; two anonymous attempts on a1 (blocked); one on the unknown id "nope"
 * 2026-11-23T13:30Z  bob a2, dave a3 (a3 is deleted afterwards)
 * 2026-11-24T09:59Z  erin a1
 * </pre>
 *
 * and the clock is then left at 2026-11-24T12:00Z ("now"). Tests only read. Runs once per store.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class StatsRoutesTest {
  private static final String STATS = "/admin/api/stats";
  private static final String EVERYTHING = "from=2026-11-01T00:00:00Z&to=2026-11-25T00:00:00Z";
  private static TestGateway gw;

  @Parameter
  TestGateway.StoreKind store;

  @BeforeParameterizedClassInvocation
  static void seed(TestGateway.StoreKind store) {
    gw = TestGateway.on(store).start();
    gw.putArticle("a1", "https://example.org/1", "First");
    gw.putArticle("a2", "https://example.org/2", "Second");
    gw.putArticle("a3", "https://example.org/3", "Third");
    gw.putArticle("a4", "https://example.org/4", "Never clicked");
    clickAt("2026-11-22T09:15:00Z", "alice", "a1");
    clickAt("2026-11-22T09:20:00Z", "alice", "a1");
    clickAt("2026-11-22T09:25:00Z", "bob", "a1");
    clickAt("2026-11-22T09:30:00Z", "alice", "a2");
    clickAt("2026-11-22T23:59:59Z", "carol", "a1");
    clickAt("2026-11-23T00:00:00Z", "alice", "a1");
    blockedAt("2026-11-23T00:00:00Z", "nope"); // no such article: never counted
    blockedAt("2026-11-23T00:10:00Z", "a1");
    blockedAt("2026-11-23T00:20:00Z", "a1");
    clickAt("2026-11-23T13:30:00Z", "bob", "a2");
    clickAt("2026-11-23T13:30:00Z", "dave", "a3");
    clickAt("2026-11-24T09:59:59.999Z", "erin", "a1");
    awaitJson(STATS + "/summary?" + EVERYTHING, j -> j.getLong("clicks") == 9 && j.getLong("blocked") == 2);
    HttpResponse<Buffer> deleted = gw.admin(HttpMethod.DELETE, "/admin/api/articles/a3", null);
    assertEquals(204, deleted.statusCode());
    gw.clock().set(Instant.parse("2026-11-24T12:00:00Z"));
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    if (gw != null) {
      gw.close();
      gw = null;
    }
  }

  private static void clickAt(String instant, String sub, String id) {
    gw.clock().set(Instant.parse(instant));
    HttpResponse<Buffer> r = gw.get("/go/" + id, "Authorization", "Bearer " + gw.reader(sub).sign());
    assertEquals(302, r.statusCode(), r.bodyAsString());
  }

  private static void blockedAt(String instant, String id) {
    gw.clock().set(Instant.parse(instant));
    HttpResponse<Buffer> r = gw.get("/go/" + id);
    assertEquals(401, r.statusCode(), r.bodyAsString());
  }

  private static JsonObject json(String path) {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET, path, null);
    assertEquals(200, r.statusCode(), path + " -> " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** Polls {@code path} until {@code ready} holds: clicks reach the store on the recorder's timer. */
  private static JsonObject awaitJson(String path, Predicate<JsonObject> ready) {
    return awaitJson(gw, path, ready);
  }

  private static JsonObject awaitJson(TestGateway on, String path, Predicate<JsonObject> ready) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> r = on.admin(HttpMethod.GET, path, null);
      if (r.statusCode() == 200) {
        last = r.bodyAsJsonObject();
        if (ready.test(last)) {
          return last;
        }
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("timed out waiting on " + path + "; last answer " + last);
  }

  private static void assertTotals(JsonObject j, long clicks, long uniqueReaders, long blocked) {
    assertEquals(clicks, j.getLong("clicks"), "clicks in " + j);
    assertEquals(uniqueReaders, j.getLong("uniqueReaders"), "uniqueReaders in " + j);
    assertEquals(blocked, j.getLong("blocked"), "blocked in " + j);
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code, String messagePart) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getString("error"), body.encode());
    assertTrue(body.getString("message").contains(messagePart), body.encode());
  }

  // ---- summary

  @Test
  void summary_defaultRange_last30DaysUpToNow() {
    assertTotals(json(STATS + "/summary"), 9, 5, 2);
  }

  @Test
  void summary_wholeDay_countsThatDayOnlyAndExcludesHourStartingAtTo() {
    // to = midnight: the 00:00 hour of the 23rd (alice's click, both blocked attempts) is out.
    assertTotals(json(STATS + "/summary?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z"), 5, 3, 0);
  }

  @Test
  void summary_toJustPastMidnight_includesHourStartingThere() {
    assertTotals(json(STATS + "/summary?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00.001Z"), 6, 3, 2);
  }

  @Test
  void summary_midDayToMidDay_edgeHoursAndWholeDay() {
    // [22nd 10:00, 24th 09:00): carol (22nd 23h), alice + blocked (23rd), bob, dave; not erin (24th 09h).
    assertTotals(json(STATS + "/summary?from=2026-11-22T10:00:00Z&to=2026-11-24T09:00:00Z"), 4, 4, 2);
  }

  @Test
  void summary_rangeEndingMidHour_coversThatWholeHour() {
    // erin clicked at 09:59:59.999; a range ending at 09:00:01 touches the 09 hour, so it counts.
    assertTotals(json(STATS + "/summary?from=2026-11-24T00:00:00Z&to=2026-11-24T09:00:01Z"), 1, 1, 0);
  }

  @Test
  void summary_sameReaderTwoArticles_countedOnce() {
    // alice clicked a1 twice and a2 once in that hour, bob a1 once.
    assertTotals(json(STATS + "/summary?from=2026-11-22T09:00:00Z&to=2026-11-22T10:00:00Z"), 4, 2, 0);
  }

  @Test
  void summary_readerInEdgeHourAndWholeDay_countedOnce() {
    // Edge hours of the 22nd (alice, bob, carol) and the whole 23rd (alice, bob, dave).
    assertTotals(json(STATS + "/summary?from=2026-11-22T09:00:00Z&to=2026-11-24T00:00:00Z"), 8, 4, 2);
  }

  @Test
  void summary_offsetInstants_sameAsUtc() {
    assertTotals(json(STATS + "/summary?from=2026-11-22T10:00:00%2B01:00&to=2026-11-22T05:00:00-05:00"), 4, 2, 0);
  }

  @Test
  void summary_unencodedPlusInOffset_readAsOffset() {
    // A '+' left unencoded in a query string means a space; the offset must still be understood.
    assertTotals(json(STATS + "/summary?from=2026-11-22T10:00:00+01:00&to=2026-11-22T11:00:00+01:00"), 4, 2, 0);
  }

  @Test
  void summary_fromEqualsTo_zeros() {
    assertTotals(json(STATS + "/summary?from=2026-11-22T09:30:00Z&to=2026-11-22T09:30:00Z"), 0, 0, 0);
  }

  // ---- top

  @Test
  void top_defaultRange_byClicksDescendingWithTitlesAndUniques() {
    JsonArray items = json(STATS + "/top").getJsonArray("items");
    assertEquals(3, items.size(), items.encode());
    assertEquals(new JsonObject().put("id", "a1").put("title", "First").put("clicks", 6)
        .put("uniqueReaders", 4).put("blocked", 2), items.getJsonObject(0));
    assertEquals(new JsonObject().put("id", "a2").put("title", "Second").put("clicks", 2)
        .put("uniqueReaders", 2).put("blocked", 0), items.getJsonObject(1));
    // a3 was deleted: its stats stay, its title is gone.
    assertEquals(new JsonObject().put("id", "a3").put("title", "").put("clicks", 1)
        .put("uniqueReaders", 1).put("blocked", 0), items.getJsonObject(2));
  }

  @Test
  void top_limit_keepsTheFirst() {
    JsonArray items = json(STATS + "/top?limit=2").getJsonArray("items");
    assertEquals(List.of("a1", "a2"), ids(items));
  }

  @Test
  void top_tiedClicks_orderedById() {
    JsonArray items = json(STATS + "/top?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z").getJsonArray("items");
    assertEquals(List.of("a1", "a2", "a3"), ids(items));
    items.forEach(o -> assertEquals(1L, ((JsonObject) o).getLong("clicks")));
  }

  @Test
  void top_emptyRange_noItems() {
    assertEquals(0, json(STATS + "/top?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z").getJsonArray("items").size());
  }

  private static List<String> ids(JsonArray items) {
    List<String> ids = new ArrayList<>();
    items.forEach(o -> ids.add(((JsonObject) o).getString("id")));
    return ids;
  }

  // ---- one article

  @Test
  void article_shortRangeDefault_hourlySeriesWithZeros() {
    JsonObject j = json(STATS + "/articles/a1?from=2026-11-22T08:00:00Z&to=2026-11-22T12:00:00Z");
    assertEquals("a1", j.getString("id"));
    assertTotals(j, 3, 2, 0);
    assertEquals(new JsonArray()
        .add(point("2026-11-22T08:00:00Z", 0, 0))
        .add(point("2026-11-22T09:00:00Z", 3, 2))
        .add(point("2026-11-22T10:00:00Z", 0, 0))
        .add(point("2026-11-22T11:00:00Z", 0, 0)), j.getJsonArray("series"));
  }

  @Test
  void article_partialDays_countOnlyCoveredHoursAndSumToTotals() {
    // [22nd 10:00, 24th 09:00): the 09h clicks of the 22nd and erin's 09h click of the 24th are out.
    JsonObject j = json(STATS + "/articles/a1?from=2026-11-22T10:00:00Z&to=2026-11-24T09:00:00Z&bucket=day");
    assertTotals(j, 2, 2, 2);
    JsonArray series = j.getJsonArray("series");
    assertEquals(new JsonArray()
        .add(point("2026-11-22T00:00:00Z", 1, 1))
        .add(point("2026-11-23T00:00:00Z", 1, 1))
        .add(point("2026-11-24T00:00:00Z", 0, 0)), series);
    assertEquals(j.getLong("clicks"), sumClicks(series));
  }

  @Test
  void article_defaultRange_dailySeriesOfEveryDaySummingToTotals() {
    JsonObject j = json(STATS + "/articles/a1");
    assertTotals(j, 6, 4, 2); // alice on two days counts once
    JsonArray series = j.getJsonArray("series");
    assertEquals(31, series.size()); // 2026-10-25T12:00Z .. 2026-11-24T12:00Z touches 31 days
    assertEquals("2026-10-25T00:00:00Z", series.getJsonObject(0).getString("t"));
    assertEquals(point("2026-11-22T00:00:00Z", 4, 3), series.getJsonObject(28));
    assertEquals(point("2026-11-23T00:00:00Z", 1, 1), series.getJsonObject(29));
    assertEquals(point("2026-11-24T00:00:00Z", 1, 1), series.getJsonObject(30));
    assertEquals(6, sumClicks(series));
  }

  @Test
  void article_hourBucketOverDays_sumsToTotals() {
    JsonObject j = json(STATS + "/articles/a1?from=2026-11-21T00:00:00Z&to=2026-11-25T00:00:00Z&bucket=hour");
    JsonArray series = j.getJsonArray("series");
    assertEquals(96, series.size());
    assertTotals(j, 6, 4, 2);
    assertEquals(6, sumClicks(series));
  }

  @Test
  void article_deletedWithStats_stillAnswers() {
    JsonObject j = json(STATS + "/articles/a3?" + EVERYTHING + "&bucket=day");
    assertTotals(j, 1, 1, 0);
  }

  @Test
  void article_existingWithoutStats_zerosInEveryBucket() {
    // Exactly 48 hours: still the hourly default.
    JsonObject j = json(STATS + "/articles/a4?from=2026-11-22T00:00:00Z&to=2026-11-24T00:00:00Z");
    assertTotals(j, 0, 0, 0);
    assertEquals(48, j.getJsonArray("series").size());
    j.getJsonArray("series").forEach(p -> assertEquals(0L, ((JsonObject) p).getLong("clicks")));
  }

  @Test
  void article_unknownWithoutStats_returns404() {
    assertError(gw.admin(HttpMethod.GET, STATS + "/articles/nope", null), 404, "not_found", "No article");
    assertError(gw.admin(HttpMethod.GET, STATS + "/articles/-bad", null), 404, "not_found", "No article");
  }

  private static JsonObject point(String t, long clicks, long uniqueReaders) {
    return new JsonObject().put("t", t).put("clicks", clicks).put("uniqueReaders", uniqueReaders);
  }

  private static long sumClicks(JsonArray series) {
    long sum = 0;
    for (int i = 0; i < series.size(); i++) {
      sum += series.getJsonObject(i).getLong("clicks");
    }
    return sum;
  }

  // ---- series over all articles (the dashboard's chart)

  @Test
  void series_shortRangeDefault_hourlyOverAllArticlesWithBlocked() {
    JsonObject j = json(STATS + "/series?from=2026-11-22T08:00:00Z&to=2026-11-22T11:00:00Z");
    assertEquals("hour", j.getString("bucket"));
    assertEquals(new JsonArray()
        .add(overall("2026-11-22T08:00:00Z", 0, 0, 0))
        .add(overall("2026-11-22T09:00:00Z", 4, 2, 0)) // alice twice on a1 and once on a2, bob: 2 readers
        .add(overall("2026-11-22T10:00:00Z", 0, 0, 0)), j.getJsonArray("series"));
  }

  @Test
  void series_partialDays_countOnlyCoveredHoursAndSumToSummary() {
    String range = "from=2026-11-22T10:00:00Z&to=2026-11-24T09:00:00Z";
    JsonObject j = json(STATS + "/series?" + range + "&bucket=day");
    assertEquals("day", j.getString("bucket"));
    JsonArray series = j.getJsonArray("series");
    assertEquals(new JsonArray()
        .add(overall("2026-11-22T00:00:00Z", 1, 1, 0))  // carol at 23:59 only
        .add(overall("2026-11-23T00:00:00Z", 3, 3, 2))  // alice, bob, dave (a3 since deleted) and two blocked
        .add(overall("2026-11-24T00:00:00Z", 0, 0, 0)), // erin's 09:59 is outside [.., 09:00)
        series);
    JsonObject summary = json(STATS + "/summary?" + range);
    assertEquals(summary.getLong("clicks"), sumClicks(series));
    assertEquals(summary.getLong("blocked"), sum(series, "blocked"));
  }

  @Test
  void series_defaultRange_dailyEveryDayOfTheLast30() {
    JsonObject j = json(STATS + "/series");
    assertEquals("day", j.getString("bucket"));
    JsonArray series = j.getJsonArray("series");
    assertEquals(31, series.size());
    assertEquals(overall("2026-11-22T00:00:00Z", 5, 3, 0), series.getJsonObject(28));
    assertEquals(9, sumClicks(series));
    assertEquals(2, sum(series, "blocked"));
  }

  @Test
  void series_hourBucketOverDays_readersPerHourNotPerRange() {
    JsonArray series = json(STATS + "/series?" + EVERYTHING + "&bucket=hour").getJsonArray("series");
    assertEquals(24 * 24, series.size());
    assertEquals(9, sumClicks(series));
    // alice counts once in each hour she clicked: 09h of the 22nd and 00h of the 23rd.
    assertEquals(7, sum(series, "uniqueReaders"));
  }

  @Test
  void series_emptyRange_noPoints() {
    JsonObject j = json(STATS + "/series?from=2026-11-22T09:30:00Z&to=2026-11-22T09:30:00Z");
    assertEquals(0, j.getJsonArray("series").size());
  }

  private static JsonObject overall(String t, long clicks, long uniqueReaders, long blocked) {
    return point(t, clicks, uniqueReaders).put("blocked", blocked);
  }

  private static long sum(JsonArray series, String field) {
    long sum = 0;
    for (int i = 0; i < series.size(); i++) {
      sum += series.getJsonObject(i).getLong(field);
    }
    return sum;
  }

  // ---- export

  @Test
  void exportCsv_dayBuckets_partialDaysFromHoursAndHeaders() {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET,
        STATS + "/export.csv?from=2026-11-22T05:00:00Z&to=2026-11-24T10:00:00Z", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("text/csv; charset=utf-8", r.getHeader("Content-Type"));
    assertEquals("attachment; filename=\"linkgate-stats-20261122T050000Z-20261124T100000Z.csv\"",
        r.getHeader("Content-Disposition"));
    assertEquals("chunked", r.getHeader("Transfer-Encoding"));
    assertEquals("""
        bucket,id,clicks,uniqueReaders,blocked\r
        2026-11-22T00:00:00Z,a1,4,3,0\r
        2026-11-22T00:00:00Z,a2,1,1,0\r
        2026-11-23T00:00:00Z,a1,1,1,2\r
        2026-11-23T00:00:00Z,a2,1,1,0\r
        2026-11-23T00:00:00Z,a3,1,1,0\r
        2026-11-24T00:00:00Z,a1,1,1,0\r
        """, r.bodyAsString());
  }

  @Test
  void exportCsv_hourBuckets_oneRowPerArticlePerHourWithData() {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET,
        STATS + "/export.csv?from=2026-11-22T05:00:00Z&to=2026-11-24T10:00:00Z&bucket=hour", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("""
        bucket,id,clicks,uniqueReaders,blocked\r
        2026-11-22T09:00:00Z,a1,3,2,0\r
        2026-11-22T09:00:00Z,a2,1,1,0\r
        2026-11-22T23:00:00Z,a1,1,1,0\r
        2026-11-23T00:00:00Z,a1,1,1,2\r
        2026-11-23T13:00:00Z,a2,1,1,0\r
        2026-11-23T13:00:00Z,a3,1,1,0\r
        2026-11-24T09:00:00Z,a1,1,1,0\r
        """, r.bodyAsString());
  }

  @Test
  void exportCsv_noData_headerOnly() {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET,
        STATS + "/export.csv?from=2026-10-01T00:00:00Z&to=2026-10-05T00:00:00Z", null);
    assertEquals(200, r.statusCode());
    assertEquals("bucket,id,clicks,uniqueReaders,blocked\r\n", r.bodyAsString());
  }

  @Test
  void exportCsv_moreRowsThanAPage_allRowsInBucketThenIdOrder() {
    try (TestGateway big = TestGateway.on(store).start()) {
      ClickRecorder recorder = big.gateway().recorder();
      big.clock().set(Instant.parse("2026-11-20T10:00:00Z"));
      for (int i = 0; i < 1500; i++) {
        recorder.click(String.format("p%04d", i), "u" + i);
      }
      big.clock().set(Instant.parse("2026-11-21T10:00:00Z"));
      for (int i = 0; i < 1200; i++) {
        recorder.click(String.format("p%04d", i), "u" + (i % 3));
      }
      big.clock().set(Instant.parse("2026-11-22T00:00:00Z"));
      awaitJson(big, STATS + "/summary", j -> j.getLong("clicks") == 2700);

      // Day buckets: the 20th is partial (from 06:00), read from hours; the 21st is a whole day.
      List<String> days = lines(big.admin(HttpMethod.GET,
          STATS + "/export.csv?from=2026-11-20T06:00:00Z&to=2026-11-22T00:00:00Z", null));
      assertEquals(1 + 2700, days.size());
      assertEquals("2026-11-20T00:00:00Z,p0000,1,1,0", days.get(1));
      assertEquals("2026-11-20T00:00:00Z,p1499,1,1,0", days.get(1500));
      assertEquals("2026-11-21T00:00:00Z,p0000,1,1,0", days.get(1501));
      assertEquals("2026-11-21T00:00:00Z,p1199,1,1,0", days.get(2700));
      assertSortedAndDistinct(days);

      List<String> hours = lines(big.admin(HttpMethod.GET,
          STATS + "/export.csv?from=2026-11-20T00:00:00Z&to=2026-11-22T00:00:00Z&bucket=hour", null));
      assertEquals(1 + 2700, hours.size());
      assertEquals("2026-11-20T10:00:00Z,p1000,1,1,0", hours.get(1001)); // first row of page 2
      assertEquals("2026-11-21T10:00:00Z,p0000,1,1,0", hours.get(1501)); // bucket changes mid-page
      assertSortedAndDistinct(hours);
    }
  }

  private static List<String> lines(HttpResponse<Buffer> r) {
    assertEquals(200, r.statusCode(), r.bodyAsString());
    String body = r.bodyAsString();
    assertTrue(body.endsWith("\r\n"));
    return List.of(body.split("\r\n"));
  }

  private static void assertSortedAndDistinct(List<String> lines) {
    for (int i = 2; i < lines.size(); i++) {
      String[] prev = lines.get(i - 1).split(",");
      String[] cur = lines.get(i).split(",");
      int c = prev[0].compareTo(cur[0]);
      assertTrue(c < 0 || (c == 0 && prev[1].compareTo(cur[1]) < 0),
          "line " + i + " out of order: " + lines.get(i - 1) + " then " + lines.get(i));
    }
  }

  // ---- bad requests and access

  @ParameterizedTest
  @ValueSource(strings = {
      "/summary?from=yesterday",
      "/summary?to=2026-11-24",
      "/summary?from=2026-11-24T10:00:00Z&to=2026-11-23T10:00:00Z",
      "/summary?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      "/top?limit=0",
      "/top?limit=101",
      "/top?limit=ten",
      "/articles/a1?bucket=week",
      "/series?bucket=week",
      "/series?from=yesterday",
      "/export.csv?bucket=week",
      "/export.csv?from=yesterday"})
  void stats_badParameter_returns400(String pathAndQuery) {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET, STATS + pathAndQuery, null);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals("application/json; charset=utf-8", r.getHeader("Content-Type"));
    assertEquals(null, r.getHeader("Content-Disposition"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("invalid_request", body.getString("error"));
    assertFalse(body.getString("message").isBlank());
  }

  @Test
  void stats_badInstant_messageSaysWhatToSend() {
    assertError(gw.admin(HttpMethod.GET, STATS + "/summary?from=yesterday", null), 400, "invalid_request",
        "from must be an ISO-8601 instant");
    assertError(gw.admin(HttpMethod.GET, STATS + "/top?from=2026-11-24T10:00:00Z&to=2026-11-23T10:00:00Z", null),
        400, "invalid_request", "is after to");
    assertError(gw.admin(HttpMethod.GET, STATS + "/articles/a1?bucket=week", null), 400, "invalid_request",
        "bucket must be hour or day");
    assertError(gw.admin(HttpMethod.GET, STATS + "/top?limit=0", null), 400, "invalid_request",
        "limit must be a whole number from 1 to 100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/summary", "/top", "/articles/a1", "/series", "/export.csv"})
  void stats_noCredentials_returns401(String path) {
    assertError(gw.get(STATS + path), 401, "unauthenticated", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/summary", "/export.csv"})
  void stats_readerSession_returns403(String path) {
    assertError(gw.get(STATS + path, "Authorization", "Bearer " + gw.reader("alice").sign()),
        403, "forbidden", "");
  }

  @Test
  void stats_adminSession_allowed() {
    HttpResponse<Buffer> r = gw.get(STATS + "/summary", "Authorization", "Bearer " + gw.admin("root").sign());
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }
}
