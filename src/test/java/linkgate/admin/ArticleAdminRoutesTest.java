package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class ArticleAdminRoutesTest {
  @Parameter
  TestGateway.StoreKind store;

  private TestGateway gw;

  @BeforeEach
  void start() {
    gw = TestGateway.on(store).with("http.maxBodySize", 64 * 1024).start();
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private HttpResponse<Buffer> put(String id, JsonObject body) {
    return gw.admin(HttpMethod.PUT, "/admin/api/articles/" + id, body);
  }

  private HttpResponse<Buffer> go(String id) {
    return gw.get("/go/" + id, "Authorization", "Bearer " + gw.reader("r").sign());
  }

  @Test
  void put_newArticle_returns200WithArticle() {
    HttpResponse<Buffer> r = put("a1", new JsonObject().put("url", "HTTPS://Example.ORG/x").put("title", "T"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject a = r.bodyAsJsonObject();
    assertEquals("a1", a.getString("id"));
    assertEquals("https://example.org/x", a.getString("url"));
    assertEquals("T", a.getString("title"));
    assertEquals(true, a.getBoolean("enabled"));
    assertEquals("2026-11-24T10:00:00Z", a.getString("createdAt"));
    assertEquals("2026-11-24T10:00:00Z", a.getString("updatedAt"));
  }

  @Test
  void put_existingArticle_keepsCreatedAtAndEnabledAndDefaultsTitle() {
    put("a1", new JsonObject().put("url", "https://example.org/1").put("title", "One"));
    gw.admin(HttpMethod.PATCH, "/admin/api/articles/a1", new JsonObject().put("enabled", false));
    gw.clock().advance(Duration.ofMinutes(5));
    JsonObject a = put("a1", new JsonObject().put("url", "https://example.org/2")).bodyAsJsonObject();
    assertEquals("https://example.org/2", a.getString("url"));
    assertEquals("", a.getString("title"));
    assertEquals(false, a.getBoolean("enabled"));
    assertEquals("2026-11-24T10:00:00Z", a.getString("createdAt"));
    assertEquals("2026-11-24T10:05:00Z", a.getString("updatedAt"));
    JsonObject enabled = put("a1", new JsonObject().put("url", "https://example.org/2").put("enabled", true))
        .bodyAsJsonObject();
    assertEquals(true, enabled.getBoolean("enabled"));
  }

  @Test
  void put_roundTripOfGetBody_isAccepted() {
    JsonObject a = put("a1", new JsonObject().put("url", "https://example.org/1")).bodyAsJsonObject();
    assertEquals(200, put("a1", a.put("title", "new")).statusCode());
  }

  @Test
  void get_existingAndMissing() {
    put("a1", new JsonObject().put("url", "https://example.org/1"));
    assertEquals(200, gw.admin(HttpMethod.GET, "/admin/api/articles/a1", null).statusCode());
    HttpResponse<Buffer> missing = gw.admin(HttpMethod.GET, "/admin/api/articles/zz", null);
    assertEquals(404, missing.statusCode());
    assertEquals("not_found", missing.bodyAsJsonObject().getString("error"));
  }

  @Test
  void patch_changesOnlyNamedFields_andMissingIs404() {
    put("a1", new JsonObject().put("url", "https://example.org/1").put("title", "One"));
    JsonObject a = gw.admin(HttpMethod.PATCH, "/admin/api/articles/a1", new JsonObject().put("title", "Uno"))
        .bodyAsJsonObject();
    assertEquals("Uno", a.getString("title"));
    assertEquals("https://example.org/1", a.getString("url"));
    assertEquals(404, gw.admin(HttpMethod.PATCH, "/admin/api/articles/zz", new JsonObject().put("enabled", false))
        .statusCode());
  }

  @Test
  void adminChanges_reachTheRedirectAtOnce() {
    put("a1", new JsonObject().put("url", "https://example.org/1"));
    assertEquals("https://example.org/1", go("a1").getHeader("Location"));
    put("a1", new JsonObject().put("url", "https://example.org/2"));
    assertEquals("https://example.org/2", go("a1").getHeader("Location"));
    gw.admin(HttpMethod.PATCH, "/admin/api/articles/a1", new JsonObject().put("enabled", false));
    assertEquals(410, go("a1").statusCode());
    assertEquals(204, gw.admin(HttpMethod.DELETE, "/admin/api/articles/a1", null).statusCode());
    assertEquals(404, go("a1").statusCode());
    assertEquals(404, gw.admin(HttpMethod.GET, "/admin/api/articles/a1", null).statusCode());
    assertEquals(404, gw.admin(HttpMethod.DELETE, "/admin/api/articles/a1", null).statusCode());
  }

  @Test
  void list_pagesInCodePointOrder() {
    List<String> ids = List.of("b", "B", "a", "a-1", "a.1", "A", "0", "z~");
    ids.forEach(id -> put(id, new JsonObject().put("url", "https://example.org/" + id)));
    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 10; page++) {
      String path = "/admin/api/articles?limit=3" + (after == null ? "" : "&after=" + after);
      JsonObject body = gw.admin(HttpMethod.GET, path, null).bodyAsJsonObject();
      body.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("id")));
      after = body.getString("next");
      if (after == null) {
        break;
      }
      assertEquals(seen.get(seen.size() - 1), after);
    }
    assertEquals(ids.stream().sorted().toList(), seen);
    JsonObject all = gw.admin(HttpMethod.GET, "/admin/api/articles", null).bodyAsJsonObject();
    assertEquals(ids.size(), all.getJsonArray("items").size());
    assertNull(all.getValue("next"));
    assertTrue(all.containsKey("next"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=1001", "limit=abc", "limit=-1", "limit=1.5"})
  void list_badLimit_returns400(String query) {
    HttpResponse<Buffer> r = gw.admin(HttpMethod.GET, "/admin/api/articles?" + query, null);
    assertEquals(400, r.statusCode());
    assertEquals("invalid_request", r.bodyAsJsonObject().getString("error"));
  }

  static Stream<String> hostileUrls() {
    return Stream.of("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        " javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
        "//evil.com", "https://a@evil.com", "https://evil.com\\@good.com", "https://good.com@evil.com",
        "https://good.com/\r\nLocation: https://evil.com", "https://good.com/a b", "ftp://example.org/",
        "https://", "https:///evil.com", "not a url", "", "https://example.org/" + "a".repeat(2040));
  }

  @ParameterizedTest
  @MethodSource("hostileUrls")
  void put_hostileUrl_returns400InvalidUrl(String url) {
    HttpResponse<Buffer> r = put("a1", new JsonObject().put("url", url));
    assertEquals(400, r.statusCode(), url);
    assertEquals("invalid_url", r.bodyAsJsonObject().getString("error"));
    assertEquals(404, gw.admin(HttpMethod.GET, "/admin/api/articles/a1", null).statusCode());
  }

  @Test
  void put_urlOfExactly2048Characters_isAccepted() {
    String url = "https://example.org/" + "a".repeat(2048 - "https://example.org/".length());
    assertEquals(200, put("a1", new JsonObject().put("url", url)).statusCode());
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{", 400, "invalid_json"),
        Arguments.of("[1]", 400, "invalid_json"),
        Arguments.of("", 400, "invalid_json"),
        // RFC 8259 only: no comments, no duplicate keys, nothing after the object.
        Arguments.of("/*x*/{\"url\": \"https://example.org\"}", 400, "invalid_json"),
        Arguments.of("{\"url\": \"https://example.org\"} // note", 400, "invalid_json"),
        Arguments.of("{\"url\": \"https://example.org\", \"url\": \"https://evil.example\"}", 400, "invalid_json"),
        Arguments.of("{\"url\": \"https://example.org\"}xx", 400, "invalid_json"),
        Arguments.of("{\"url\": \"https://example.org\"}{}", 400, "invalid_json"),
        Arguments.of("{\"url\": 5}", 400, "invalid_url"),
        Arguments.of("{\"title\": \"no url\"}", 400, "invalid_url"),
        Arguments.of("{\"url\": \"https://example.org\", \"title\": 5}", 400, "invalid_request"),
        Arguments.of("{\"url\": \"https://example.org\", \"enabled\": \"yes\"}", 400, "invalid_request"),
        Arguments.of("{\"url\": \"https://example.org\", \"titel\": \"typo\"}", 400, "invalid_request"),
        Arguments.of("{\"url\": \"https://example.org\", \"id\": \"other\"}", 400, "invalid_request"),
        // Unpaired UTF-16 surrogates in the title, written as JSON escapes.
        Arguments.of("{\"url\": \"https://example.org\", \"title\": \"\\udc00\"}", 400, "invalid_request"),
        Arguments.of("{\"url\": \"https://example.org\", \"title\": \"a\\ud83d\"}", 400, "invalid_request"),
        Arguments.of("{\"url\": \"https://example.org\", \"title\": \"\\ud83d\\ud83db\"}", 400, "invalid_request"),
        Arguments.of("{\"url\": \"https://example.org\", \"title\": \"\\ude00\\ud83d\"}", 400, "invalid_request"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void put_badBody_returnsJsonError(String body, int status, String code) {
    HttpRequest<Buffer> r = gw.request(HttpMethod.PUT, "/admin/api/articles/a1")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "application/json");
    HttpResponse<Buffer> res = TestGateway.send(r, Buffer.buffer(body));
    assertEquals(status, res.statusCode(), body);
    assertEquals(code, res.bodyAsJsonObject().getString("error"));
  }

  @Test
  void title_surrogatePairAccepted_loneSurrogateRefusedOnPatchAndImport() {
    HttpRequest<Buffer> r = gw.request(HttpMethod.PUT, "/admin/api/articles/s1")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "application/json");
    HttpResponse<Buffer> ok = TestGateway.send(r,
        Buffer.buffer("{\"url\": \"https://example.org\", \"title\": \"smile \\ud83d\\ude00\"}"));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals("smile \uD83D\uDE00", ok.bodyAsJsonObject().getString("title"));
    HttpRequest<Buffer> patch = gw.request(HttpMethod.PATCH, "/admin/api/articles/s1")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "application/json");
    HttpResponse<Buffer> refused = TestGateway.send(patch, Buffer.buffer("{\"title\": \"\\udc00\"}"));
    assertEquals(400, refused.statusCode());
    assertEquals("invalid_request", refused.bodyAsJsonObject().getString("error"));
    JsonObject imported = importBody("application/x-ndjson",
        "{\"id\":\"s2\",\"url\":\"https://example.org/2\",\"title\":\"x\\udc00\"}\n", 200);
    assertEquals(0, imported.getInteger("imported"));
    assertEquals(1, imported.getJsonArray("rejected").getJsonObject(0).getInteger("line"));
  }

  @Test
  void put_invalidId_returns400() {
    HttpResponse<Buffer> r = put("-bad", new JsonObject().put("url", "https://example.org"));
    assertEquals(400, r.statusCode());
  }

  @Test
  void put_bodyOverLimit_returns413() {
    String big = "{\"url\": \"https://example.org\", \"title\": \"" + "x".repeat(70 * 1024) + "\"}";
    HttpRequest<Buffer> r = gw.request(HttpMethod.PUT, "/admin/api/articles/a1")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "application/json");
    HttpResponse<Buffer> res = TestGateway.send(r, Buffer.buffer(big));
    assertEquals(413, res.statusCode());
    assertEquals("payload_too_large", res.bodyAsJsonObject().getString("error"));
  }

  @Test
  void import_csv_upsertsAndReportsRejectedLines() {
    String csv = "id,url,title\n"
        + "c1,https://example.org/1,One\n"
        + "c2,javascript:alert(1),Bad\n"
        + "c3,\"https://example.org/3\",\"Three, with \"\"quotes\"\"\"\n"
        + "-bad,https://example.org/4,Bad id\n"
        + "c5,https://example.org/5\n"
        + "c6,\"https://example.org/6\",\"multi\nline\"\n"
        + "c7,https://example.org/7,Seven\n";
    JsonObject r = importBody("text/csv; charset=utf-8", csv, 200);
    assertEquals(3, r.getInteger("imported"));
    JsonArray rejected = r.getJsonArray("rejected");
    // c6's title spans two lines (a control character in a title: refused); c7 starts on line 9.
    assertEquals(List.of(3, 5, 6, 7), rejectedLines(r));
    rejected.forEach(o -> assertTrue(((JsonObject) o).getString("error").length() > 0));
    assertEquals("Three, with \"quotes\"", gw.admin(HttpMethod.GET, "/admin/api/articles/c3", null)
        .bodyAsJsonObject().getString("title"));
    assertEquals("https://example.org/7", go("c7").getHeader("Location"));
  }

  @Test
  void import_ndjson_upsertsAndReportsRejectedLines() {
    String nd = "{\"id\":\"n1\",\"url\":\"https://example.org/1\",\"title\":\"One\"}\n"
        + "not json\n"
        + "\n"
        + "{\"id\":\"n2\",\"url\":\"data:text/html,x\"}\n"
        + "{\"id\":\"n3\",\"url\":\"https://example.org/3\",\"enabled\":false}\n";
    JsonObject r = importBody("application/x-ndjson", nd, 200);
    assertEquals(2, r.getInteger("imported"));
    assertEquals(List.of(2, 4), rejectedLines(r));
    assertEquals(410, go("n3").statusCode());
  }

  /** NDJSON lines are as strict as a PUT body; anything else on a line rejects it, named. */
  @Test
  void import_ndjson_trailingTextDuplicateKeysOrCommentsOnALine_rejectThatLine() {
    String nd = "{\"id\":\"t1\",\"url\":\"https://example.org/1\"}{\"id\":\"t2\",\"url\":\"https://example.org/2\"}\n"
        + "{\"id\":\"t3\",\"url\":\"https://example.org/3\"} garbage\n"
        + "{\"id\":\"t4\",\"url\":\"https://example.org/4\",\"id\":\"t5\"}\n"
        + "/*c*/{\"id\":\"t6\",\"url\":\"https://example.org/6\"}\r"
        + "{\"id\":\"t7\",\"url\":\"https://example.org/7\"}\n";
    JsonObject r = importBody("application/x-ndjson", nd, 200);
    assertEquals(1, r.getInteger("imported"), r.encode());
    assertEquals(List.of(1, 2, 3, 4), rejectedLines(r));
    assertEquals(302, go("t7").statusCode(), "a lone CR ends a line");
  }

  /** A column linkgate would not read is no silent loss; old Mac line ends (CR) are lines. */
  @Test
  void import_csv_unknownOrRepeatedColumn_rejectsTheHeader_loneCrEndsALine() {
    JsonObject unknown = importBody("text/csv", "id,url,title,enabled\ncx1,https://example.org/1,One,false\n", 200);
    assertEquals(0, unknown.getInteger("imported"));
    JsonObject error = unknown.getJsonArray("rejected").getJsonObject(0);
    assertEquals(1, error.getInteger("line"));
    assertTrue(error.getString("error").contains("unknown column \"enabled\""), error.encode());
    JsonObject twice = importBody("text/csv", "id,url,url\ncx2,https://example.org/1,https://example.org/2\n", 200);
    assertEquals(0, twice.getInteger("imported"));
    assertTrue(twice.getJsonArray("rejected").getJsonObject(0).getString("error").contains("twice"), twice.encode());
    JsonObject cr = importBody("text/csv", "id,url,title\rcx3,https://example.org/3,Three\r-bad,https://example.org/4,x\r", 200);
    assertEquals(1, cr.getInteger("imported"), cr.encode());
    assertEquals(3, cr.getJsonArray("rejected").getJsonObject(0).getInteger("line"), cr.encode());
    assertEquals("https://example.org/3", go("cx3").getHeader("Location"));
  }

  @Test
  void import_otherContentType_returns415() {
    JsonObject r = importBody("application/json", "[]", 415);
    assertEquals("unsupported_media_type", r.getString("error"));
  }

  /** The line numbers of an import answer's rejected lines, in order. */
  private static List<Integer> rejectedLines(JsonObject importAnswer) {
    return importAnswer.getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getInteger("line")).toList();
  }

  private JsonObject importBody(String type, String body, int status) {
    HttpRequest<Buffer> r = gw.request(HttpMethod.POST, "/admin/api/articles/import")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", type);
    HttpResponse<Buffer> res = TestGateway.send(r, Buffer.buffer(body));
    assertEquals(status, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject();
  }

  // --- access -------------------------------------------------------------------------------

  private int status(HttpMethod method, String... headers) {
    HttpRequest<Buffer> r = gw.request(method, "/admin/api/articles" + (method == HttpMethod.GET ? "" : "/x1"));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.putHeader(headers[i], headers[i + 1]);
    }
    if (method == HttpMethod.GET) {
      return TestGateway.send(r).statusCode();
    }
    r.putHeader("Content-Type", "application/json");
    return TestGateway.send(r, Buffer.buffer("{\"url\":\"https://example.org\"}")).statusCode();
  }

  @Test
  void access_noCredentials_is401_readerIs403_adminIs200() {
    assertEquals(401, status(HttpMethod.GET));
    assertEquals(401, status(HttpMethod.GET, "X-Api-Key", "wrong"));
    assertEquals(401, status(HttpMethod.GET, "Authorization", "Bearer " + gw.admin("a").sign() + "x"));
    assertEquals(403, status(HttpMethod.GET, "Authorization", "Bearer " + gw.reader("r").sign()));
    assertEquals(403, status(HttpMethod.GET, "Cookie", "session=" + gw.reader("r").sign()));
    assertEquals(200, status(HttpMethod.GET, "Authorization", "Bearer " + gw.admin("a").sign()));
    assertEquals(200, status(HttpMethod.GET, "X-Api-Key", TestGateway.API_KEY));
    assertEquals(200, status(HttpMethod.GET, "Cookie", "session=" + gw.admin("a").sign()));
    // Any credential that grants admin wins over a reader one.
    assertEquals(200, status(HttpMethod.GET, "Cookie", "session=" + gw.reader("r").sign(),
        "X-Api-Key", TestGateway.API_KEY));
  }

  @Test
  void access_cookieChangeWithoutMatchingOrigin_is403() {
    String cookie = "session=" + gw.admin("a").sign();
    assertEquals(403, status(HttpMethod.PUT, "Cookie", cookie));
    assertEquals(403, status(HttpMethod.PUT, "Cookie", cookie, "Origin", "https://evil.example"));
    assertEquals(403, status(HttpMethod.PUT, "Cookie", cookie, "Origin", "null"));
    assertEquals(200, status(HttpMethod.PUT, "Cookie", cookie, "Origin", "https://go.example.com"));
    // Bearer and API-key requests are not browser-sent: no Origin needed.
    assertEquals(200, status(HttpMethod.PUT, "Authorization", "Bearer " + gw.admin("a").sign()));
    assertEquals(200, status(HttpMethod.PUT, "X-Api-Key", TestGateway.API_KEY));
  }
}
