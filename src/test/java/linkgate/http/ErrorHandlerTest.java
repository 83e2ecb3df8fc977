package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bug in a handler is a 500 with the contract's body; its stack trace goes to the log only. */
@ExtendWith(VertxExtension.class)
class ErrorHandlerTest {
  @Test
  void unexpectedException_is500JsonWithoutStackTrace(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/boom").handler(ctx -> {
      throw new IllegalStateException("secret detail at linkgate.Somewhere");
    });
    router.get("/boom-async").handler(ctx -> ctx.fail(new NullPointerException("async detail")));
    router.route().failureHandler(new ErrorHandler());
    HttpServer server = TestGateway.await(vertx.createHttpServer().requestHandler(router).listen(0));
    WebClient client = WebClient.create(vertx);
    for (String path : new String[] {"/boom", "/boom-async"}) {
      var r = TestGateway.await(client.get(server.actualPort(), "localhost", path).send());
      assertEquals(500, r.statusCode());
      JsonObject body = r.bodyAsJsonObject();
      assertEquals("internal_error", body.getString("error"));
      assertFalse(r.bodyAsString().contains("detail"), r.bodyAsString());
      assertFalse(r.bodyAsString().contains("Exception"), r.bodyAsString());
    }
  }
}
