package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code redirect.allowedHosts}: checked on PUT, on PATCH of the url, and on every import line. On each store. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class AllowedHostsTest {
  private static TestGateway gw;

  @Parameter
  TestGateway.StoreKind store;

  @BeforeParameterizedClassInvocation
  static void start(TestGateway.StoreKind store) {
    gw = TestGateway.on(store).with("redirect.allowedHosts",
        List.of("news.example.com", "*.Example.ORG", "192.0.2.7", "[2001:DB8:0::1]")).start();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gw.close();
  }

  private static HttpResponse<Buffer> put(String id, String url) {
    return gw.admin(HttpMethod.PUT, "/admin/api/articles/" + id, new JsonObject().put("url", url));
  }

  private static void assertRefused(HttpResponse<Buffer> r, String host) {
    assertEquals(400, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("invalid_url", body.getString("error"));
    String message = body.getString("message");
    assertTrue(message.contains("host " + host + " is not in redirect.allowedHosts"), message);
    assertTrue(message.contains("news.example.com, *.example.org"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://news.example.com/a", "http://NEWS.example.com:8080/a", "https://a.example.org/",
      "https://deep.sub.example.org/x?y", "http://192.0.2.7/", "http://0xc0.0.2.7/", "https://[2001:db8::1]/"})
  void put_allowedHost_isSaved(String url) {
    assertEquals(200, put("ok", url).statusCode(), url);
  }

  @Test
  void put_otherHost_refusedNamingTheAllowList() {
    assertRefused(put("evil", "https://evil.example/"), "evil.example");
    assertRefused(put("evil", "https://example.org/"), "example.org"); // *.suffix is not the suffix itself
    assertRefused(put("evil", "https://news.example.com.evil.example/"), "news.example.com.evil.example");
    assertRefused(put("evil", "https://evilexample.org/"), "evilexample.org");
    assertRefused(put("evil", "http://192.0.2.8/"), "192.0.2.8");
    assertEquals(404, gw.admin(HttpMethod.GET, "/admin/api/articles/evil", null).statusCode());
  }

  @Test
  void patch_url_isChecked_andOtherFieldsAreNot() {
    assertEquals(200, put("p", "https://news.example.com/p").statusCode());
    assertRefused(gw.admin(HttpMethod.PATCH, "/admin/api/articles/p", new JsonObject().put("url", "https://evil.example/")),
        "evil.example");
    assertEquals(200, gw.admin(HttpMethod.PATCH, "/admin/api/articles/p", new JsonObject().put("title", "T")).statusCode());
    assertEquals("https://news.example.com/p",
        gw.admin(HttpMethod.GET, "/admin/api/articles/p", null).bodyAsJsonObject().getString("url"));
  }

  @Test
  void import_linesToOtherHosts_areRejectedOneByOne() {
    String csv = "id,url,title\nimp1,https://news.example.com/1,One\nimp2,https://evil.example/2,Two\n"
        + "imp3,https://x.example.org/3,Three\n";
    HttpResponse<Buffer> r = TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "text/csv"), Buffer.buffer(csv));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(2, r.bodyAsJsonObject().getInteger("imported"));
    JsonArray rejected = r.bodyAsJsonObject().getJsonArray("rejected");
    assertEquals(1, rejected.size());
    assertEquals(3, rejected.getJsonObject(0).getInteger("line"));
    assertTrue(rejected.getJsonObject(0).getString("error").contains("redirect.allowedHosts"));

    String ndjson = "{\"id\":\"nd1\",\"url\":\"https://evil.example/\"}\n{\"id\":\"nd2\",\"url\":\"https://news.example.com/\"}\n";
    HttpResponse<Buffer> nd = TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import")
        .putHeader("X-Api-Key", TestGateway.API_KEY).putHeader("Content-Type", "application/x-ndjson"),
        Buffer.buffer(ndjson));
    assertEquals(1, nd.bodyAsJsonObject().getInteger("imported"));
    assertEquals(1, nd.bodyAsJsonObject().getJsonArray("rejected").getJsonObject(0).getInteger("line"));
  }

  @Test
  void noAllowList_allowsEveryHost() {
    try (TestGateway open = TestGateway.on(store).start()) {
      open.putArticle("any", "https://anything.example/", "Any");
    }
  }
}
