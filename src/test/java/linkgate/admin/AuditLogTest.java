package linkgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Every admin change writes one JSON line on {@code linkgate.audit}; refused changes write none. On each store. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class AuditLogTest {
  @Parameter
  TestGateway.StoreKind store;

  private final Logger audit = (Logger) LoggerFactory.getLogger("linkgate.audit");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    audit.addAppender(lines);
  }

  @AfterEach
  void release() {
    audit.detachAppender(lines);
  }

  private List<JsonObject> logged() {
    return lines.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
  }

  @Test
  void everyChangeRoute_logsWhoWhatWhichAndWhen() {
    try (TestGateway gw = TestGateway.on(store).start()) {
      gw.putArticle("a", "https://example.org/a", "A");
      gw.admin(HttpMethod.PATCH, "/admin/api/articles/a", new JsonObject().put("enabled", false));
      String admin = "Bearer " + gw.admin("root").sign();
      TestGateway.send(gw.request(HttpMethod.POST, "/admin/api/articles/import").putHeader("Authorization", admin)
          .putHeader("Content-Type", "text/csv"), Buffer.buffer("id,url,title\nb,https://example.org/b,B\nc,https://example.org/c,C\n"));
      assertEquals(204, gw.admin(HttpMethod.DELETE, "/admin/api/articles/b", null).statusCode());

      List<JsonObject> log = logged();
      assertEquals(List.of("article.put", "article.patch", "article.import", "article.delete"),
          log.stream().map(l -> l.getString("action")).toList(), log.toString());
      assertEquals("api-key:ci", log.get(0).getString("actor"));
      assertEquals("a", log.get(0).getString("article"));
      assertEquals("https://example.org/a", log.get(0).getJsonObject("details").getString("url"));
      assertEquals(false, log.get(1).getJsonObject("details").getBoolean("enabled"));
      assertEquals("sub:root", log.get(2).getString("actor"));
      assertEquals(2, log.get(2).getJsonObject("details").getInteger("imported"));
      assertEquals(List.of("b", "c"), log.get(2).getJsonObject("details").getJsonArray("ids").getList());
      assertEquals("b", log.get(3).getString("article"));
      for (JsonObject line : log) {
        assertTrue(line.getString("at").startsWith(gw.clock().instant().toString().substring(0, 13)), line.encode());
      }
    }
  }

  @Test
  void putAndPatch_logTheStoredCanonicalUrl_notTheSubmittedOne() {
    try (TestGateway gw = TestGateway.start()) {
      String fullWidth = "https://\uFF4E\uFF45\uFF57\uFF53.example.org/<x>"; // ｎｅｗｓ.example.org
      HttpResponse<Buffer> put = gw.admin(HttpMethod.PUT, "/admin/api/articles/a",
          new JsonObject().put("url", fullWidth).put("title", "A").put("id", "a"));
      assertEquals(200, put.statusCode(), put.bodyAsString());
      assertEquals("https://news.example.org/%3Cx%3E", put.bodyAsJsonObject().getString("url"));
      gw.admin(HttpMethod.PATCH, "/admin/api/articles/a", new JsonObject().put("url", "HTTPS://News.Example.ORG:443/b"));

      List<JsonObject> log = logged();
      assertEquals(new JsonObject().put("url", "https://news.example.org/%3Cx%3E").put("title", "A"),
          log.get(0).getJsonObject("details"), "PUT: what was stored, the fields the request set");
      assertEquals(new JsonObject().put("url", "https://news.example.org/b"), log.get(1).getJsonObject("details"));
      assertEquals(gw.admin(HttpMethod.GET, "/admin/api/articles/a", null).bodyAsJsonObject().getString("url"),
          log.get(1).getJsonObject("details").getString("url"));
    }
  }

  @Test
  void refusedChanges_logNothing() {
    try (TestGateway gw = TestGateway.on(store).start()) {
      gw.admin(HttpMethod.PUT, "/admin/api/articles/a", new JsonObject().put("url", "javascript:alert(1)"));
      gw.admin(HttpMethod.DELETE, "/admin/api/articles/missing", null);
      TestGateway.send(gw.request(HttpMethod.DELETE, "/admin/api/articles/a"));
      TestGateway.send(gw.request(HttpMethod.PUT, "/admin/api/articles/a")
          .putHeader("Authorization", "Bearer " + gw.reader("alice").sign()));
      assertEquals(List.of(), logged());
    }
  }
}
