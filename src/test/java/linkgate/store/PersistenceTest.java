package linkgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(TestGateway.StoreKind.class)
class PersistenceTest {
  @Parameter
  TestGateway.StoreKind store;

  @Test
  void store_keepsArticlesAcrossRestart() {
    TestGateway first = TestGateway.on(store).start();
    first.putArticle("kept", "https://example.org/kept", "Kept");
    first.admin(HttpMethod.PATCH, "/admin/api/articles/kept", new JsonObject().put("enabled", false));
    first.close();
    try (TestGateway second = first.restart(first.storeSettings())) {
      JsonObject a = second.admin(HttpMethod.GET, "/admin/api/articles/kept", null).bodyAsJsonObject();
      assertEquals("https://example.org/kept", a.getString("url"));
      assertEquals("Kept", a.getString("title"));
      assertEquals(false, a.getBoolean("enabled"));
      assertEquals(410, second.get("/go/kept", "Authorization", "Bearer " + second.reader("r").sign()).statusCode());
    }
  }
}
