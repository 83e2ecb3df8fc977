package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;

class RedirectSmokeTest {
  @Test
  void redirect_validBearer_returns302() {
    try (TestGateway gw = TestGateway.start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");
      var r = gw.get("/go/a1", "Authorization", "Bearer " + gw.reader("alice").sign());
      assertEquals(302, r.statusCode(), r.bodyAsString());
      assertEquals("https://example.org/a1", r.getHeader("Location"));
    }
  }
}
