package linkgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import linkgate.testing.LogCapture;
import linkgate.testing.RawHttp;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** Every error is the contract's JSON shape with the fitting status, even before the router. */
class ErrorAnswersTest {
  private static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    gw.putArticle("a1", "https://example.org/a1", "A1");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
    assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getString("error"));
    assertFalse(body.getString("message").isBlank());
    assertEquals(2, body.size(), body.encode());
  }

  /**
   * Form and multipart bodies on the admin API: no route takes one, so a change is 415 before the
   * body is read, and a method without a body ignores it. Vert.x's body handler, which decodes
   * any form, answered 500 (a GET with a form type, an invalid percent-escape) or nothing for
   * 30 s (a form next to a malformed query string).
   */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', value = {
    "GET     | /admin/api/stats/summary      | application/x-www-form-urlencoded   |          | 200",
    "GET     | /admin/api/stats/summary      | multipart/form-data; boundary=x     | {}       | 200",
    "HEAD    | /admin/api/stats/summary      | Multipart/Form-Data; boundary=x     | {}       | 200",
    "OPTIONS | /admin/api/stats/summary      | multipart/form-data; boundary=x     | {}       | 405",
    "FOO     | /admin/api/stats/summary      | multipart/form-data; boundary=x     | {}       | 405",
    "POST    | /admin/api/articles/import    | application/x-www-form-urlencoded   | %zz=%zz  | 415",
    "PUT     | /admin/api/articles/x1        | application/x-www-form-urlencoded   | %zz      | 415",
    "PUT     | /admin/api/articles/x1?%zz    | application/x-www-form-urlencoded   | a=b      | 415",
    "PATCH   | /admin/api/articles/a1?%zz    | application/x-www-form-urlencoded   | a=b      | 415",
    "DELETE  | /admin/api/articles/a1?%zz    | application/x-www-form-urlencoded   | a=b      | 415",
    "PUT     | /admin/api/articles/x1        | multipart/form-data; boundary=x     | --x--    | 415",
    "PUT     | /admin/api/articles/x1?%zz    | application/json                    | {}       | 400",
  })
  void adminApi_formBodies_areRefusedOrIgnored_neverA500(
      String method, String target, String type, String body, int status) {
    String content = body == null ? "" : body;
    RawHttp.Response r = RawHttp.exchange(gw.port(), method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
        + "X-Api-Key: " + TestGateway.API_KEY + "\r\nContent-Type: " + type + "\r\nContent-Length: "
        + content.length() + "\r\nConnection: close\r\n\r\n" + content);
    assertEquals(status, r.status(), r.body());
    if (status >= 400 && !method.equals("HEAD")) {
      JsonObject error = new JsonObject(r.body());
      assertEquals(status == 415 ? "unsupported_media_type" : status == 405 ? "method_not_allowed" : "invalid_request",
          error.getString("error"), r.body());
    }
  }

  @Test
  void unknownRoute_is404Json() {
    assertError(gw.get("/nothing/here"), 404, "not_found");
  }

  @Test
  void wrongMethod_is405Json() {
    assertError(TestGateway.send(gw.request(HttpMethod.DELETE, "/healthz")), 405, "method_not_allowed");
  }

  @Test
  void oversizedCookie_is431Json() {
    String cookie = "session=" + "a".repeat(64 * 1024);
    assertError(gw.get("/go/a1", "Cookie", cookie), 431, "headers_too_large");
  }

  @Test
  void oversizedRequestLine_isJsonError() {
    HttpResponse<Buffer> r = gw.get("/go/a1?" + "q".repeat(20_000));
    assertTrue(r.statusCode() == 414 || r.statusCode() == 431, String.valueOf(r.statusCode()));
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
  }

  @Test
  void garbageRequest_is400Json() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var socket = TestGateway.await(vertx.createNetClient().connect(gw.port(), "localhost"));
      StringBuilder answer = new StringBuilder();
      socket.handler(b -> answer.append(b.toString()));
      socket.write("GET /go/a1 HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n");
      long deadline = System.currentTimeMillis() + 5000;
      while (!answer.toString().contains("}") && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(answer.toString().startsWith("HTTP/1.1 400"), answer.toString());
      assertTrue(answer.toString().contains("\"error\":\"invalid_request\""), answer.toString());
    } finally {
      TestGateway.await(vertx.close());
    }
  }

  @Test
  void malformedPercentEncodingInPath_is400NotA500() {
    for (String path : new String[] {"/go/%", "/go/%ZZ", "/go/a%2", "/admin/api/articles/%"}) {
      assertError(gw.get(path), 400, "invalid_request");
    }
    HttpResponse<Buffer> page = gw.get("/go/%", "Accept", "text/html");
    assertEquals(400, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
  }

  @Test
  void clientClosingMidRequest_isLoggedAtDebugNotAsInternalError() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    try (LogCapture log = new LogCapture()) {
      try (Socket socket = new Socket("localhost", gw.port())) {
        socket.getOutputStream().write(("POST /admin/api/articles/import HTTP/1.1\r\nHost: localhost\r\n"
            + "X-Api-Key: " + TestGateway.API_KEY + "\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n"
            + "id,url,title\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.sleep(200); // let the body reader start
      }
      long deadline = System.currentTimeMillis() + 5000;
      while (log.matching("client closed the connection").isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(log.matching("client closed the connection during POST /admin/api/articles/import").isEmpty(),
          log.lines().toString());
      assertTrue(log.matching("internal error").isEmpty(), log.lines().toString());
    } finally {
      logger.setLevel(before);
    }
  }

  @Test
  void errors_neverCarryStackTraces() {
    String body = gw.get("/go/%ZZ").bodyAsString() + gw.get("/admin/api/articles/%00").bodyAsString();
    assertFalse(body.contains("Exception"), body);
    assertFalse(body.contains("at linkgate"), body);
  }
}
