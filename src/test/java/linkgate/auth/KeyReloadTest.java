package linkgate.auth;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import linkgate.testing.ChildGateway;
import linkgate.testing.LogCapture;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import linkgate.testing.Wait;
import org.junit.jupiter.api.Test;

/**
 * Key rotation without a restart: SIGHUP in a real child process, the watch on public key files
 * in-process, a broken reload that keeps the keys in force, and {@code session.maxAge}.
 */
class KeyReloadTest {
  private static final String ARTICLE = "https://example.org/a1";
  private static final String NEW_SECRET = "rotated-secret-0123456789-0123456789-0123456789";
  private static final KeyPair A = TestKeys.forAlg("RS256");
  private static final KeyPair B = TestKeys.otherRsa();

  // ---------------------------------------------------------------- SIGHUP (child process)

  @Test
  void sighup_hsSecretReplacedInTheFile_oldTokenRefusedNewAccepted() throws Exception {
    TestGateway.Builder settings = TestGateway.with("http.instances", 1);
    try (ChildGateway child = ChildGateway.start(settings.yaml(), settings.dataDir())) {
      Clock clock = Clock.systemUTC();
      String old = Tokens.reader(clock, "alice").sign();
      String rotated = Tokens.reader(clock, "bob").signHmac(NEW_SECRET.getBytes(StandardCharsets.UTF_8));
      // An unknown article: a valid session gets 404, an invalid one 401 (the session comes first).
      assertEquals(404, status(child, old));
      assertEquals(401, status(child, rotated));

      rewrite(child.configFile(), settings.with("session.keys",
          List.of(Map.of("kid", "k1", "alg", "HS256", "secret", NEW_SECRET))).yaml());
      child.hangUp();
      Wait.until(() -> child.log().contains("session keys reloaded (SIGHUP): 1 static key"), 10_000);

      assertEquals(401, status(child, old), "the old secret's token, cached a moment ago, is refused at once");
      assertEquals(404, status(child, rotated));

      rewrite(child.configFile(), settings.with("session.keys",
          List.of(Map.of("kid", "k1", "alg", "HS256", "secret", "too-short"))).yaml());
      child.hangUp();
      // The summary line comes first, each problem on a line of its own after it.
      Wait.until(() -> child.log().contains("session.keys[0].secret: is 72 bits; HS256 needs at least 256"), 10_000);
      assertTrue(child.log().contains("session keys not reloaded (SIGHUP)"), child.log());
      assertEquals(404, status(child, rotated), "a bad reload keeps the keys in force");
      assertEquals(0, child.terminate(), child.log());
    }
  }

  private static int status(ChildGateway child, String token) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/go/nope"))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Replaces the file in one step (write aside, then rename), as a careful operator would. */
  private static void rewrite(Path file, String text) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(aside, text);
    Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  // ---------------------------------------------------------------- file watch (in-process)

  /** A gateway started from its file, with an RS256 key "rsa" read from {@code pem} holding A. */
  private static TestGateway withPemKey(TestGateway.Builder settings, Path pem) throws IOException {
    Files.writeString(pem, TestKeys.pem(A.getPublic()));
    TestGateway gw = settings.with("session.keys", List.of(
            TestKeys.secretKey("k1", "HS256", Tokens.SECRET),
            Map.of("kid", "rsa", "alg", "RS256", "publicKeyFile", pem.toString())))
        .startFromFile();
    gw.putArticle("a1", ARTICLE, "A1");
    return gw;
  }

  private static String rs256(TestGateway gw, KeyPair pair) {
    return gw.reader("alice").header("alg", "RS256").header("kid", "rsa").signWith(pair.getPrivate());
  }

  private static int go(TestGateway gw, String token) {
    return gw.get("/go/a1", "Authorization", "Bearer " + token).statusCode();
  }

  @Test
  void fileWatch_pemReplaced_newKeyInForceWithinSeconds() throws Exception {
    TestGateway.Builder settings = TestGateway.with("http.instances", 1);
    Path pem = settings.dataDir().resolve("session-public.pem");
    try (TestGateway gw = withPemKey(settings, pem)) {
      String oldToken = rs256(gw, A);
      String newToken = rs256(gw, B);
      assertEquals(302, go(gw, oldToken));
      assertEquals(401, go(gw, newToken));

      rewrite(pem, TestKeys.pem(B.getPublic()));

      Wait.until(() -> go(gw, newToken) == 302, 5_000);
      assertEquals(401, go(gw, oldToken));
      assertEquals(302, go(gw, gw.reader("carol").sign()), "the HS key is still there");
    }
  }

  @Test
  void fileWatch_pemWrittenInPlace_newKeyInForceWithinSeconds() throws Exception {
    TestGateway.Builder settings = TestGateway.with("http.instances", 1);
    Path pem = settings.dataDir().resolve("session-public.pem");
    try (TestGateway gw = withPemKey(settings, pem)) {
      String newToken = rs256(gw, B);

      Files.writeString(pem, TestKeys.pem(B.getPublic())); // truncate and write: several events

      Wait.until(() -> go(gw, newToken) == 302, 5_000);
      assertEquals(401, go(gw, rs256(gw, A)));
    }
  }

  @Test
  void fileWatch_brokenPem_oldKeyKeptAndWhyLogged() throws Exception {
    TestGateway.Builder settings = TestGateway.with("http.instances", 1);
    Path pem = settings.dataDir().resolve("session-public.pem");
    try (LogCapture log = new LogCapture(); TestGateway gw = withPemKey(settings, pem)) {
      String token = rs256(gw, A);
      assertEquals(302, go(gw, token));

      rewrite(pem, "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n");

      Wait.until(() -> !log.matching("session keys not reloaded (key file change)").isEmpty(), 5_000);
      Wait.until(() -> !log.matching("session.keys[1].publicKeyFile: " + pem + " is not a valid PEM public key")
          .isEmpty(), 1_000);
      assertEquals(302, go(gw, token), "the key in force stays");
      assertEquals(302, go(gw, rs256(gw, A)));
    }
  }

  @Test
  void reload_fileUnchanged_cachedSessionsKept() {
    try (TestGateway gw = TestGateway.with("http.instances", 1).startFromFile()) {
      String token = gw.reader("alice").sign();
      gw.gateway().verifier().verify(token);
      Verdict before = gw.gateway().verifier().verify(token); // cached from its second check

      assertEquals(KeyReloader.Outcome.UNCHANGED, await(gw.gateway().reloadKeys("test")));

      assertSame(before, gw.gateway().verifier().verify(token), "no key changed: the cache stays");
    }
  }

  // ---------------------------------------------------------------- session.maxAge

  @Test
  void maxAge_iatOlderThanMaxAge_refusedWhateverExp() {
    try (TestGateway gw = TestGateway.with("session.maxAge", "1h").start()) {
      gw.putArticle("a1", ARTICLE, "A1");
      long now = gw.clock().millis() / 1000;

      assertEquals(302, go(gw, gw.reader("alice").claim("iat", now - 3600 + 10).sign()));
      assertEquals(401, go(gw, gw.reader("bob").claim("iat", now - 3600 - 31).expiresIn(Duration.ofDays(1)).sign()),
          "iat + maxAge + clockSkew is past");
      assertEquals(Rejection.TOO_OLD, gw.gateway().verifier().verify(
          gw.reader("bob").claim("iat", now - 7200).expiresIn(Duration.ofDays(1)).sign()));
      assertEquals(Rejection.NOT_YET_VALID, gw.gateway().verifier().verify(
          gw.reader("carol").claim("iat", now + 3600).sign()), "an iat ahead would stretch maxAge");
    }
  }

  @Test
  void maxAge_noIat_refused() {
    try (TestGateway gw = TestGateway.with("session.maxAge", "1h").start()) {
      gw.putArticle("a1", ARTICLE, "A1");
      String token = gw.reader("alice").claim("iat", null).sign();

      assertEquals(401, go(gw, token));
      assertEquals(Rejection.INVALID_CLAIMS, gw.gateway().verifier().verify(token));
    }
  }

  @Test
  void maxAge_unset_tokenWithoutIatAccepted() {
    try (TestGateway gw = TestGateway.start()) {
      gw.putArticle("a1", ARTICLE, "A1");

      assertEquals(302, go(gw, gw.reader("alice").claim("iat", null).sign()));
    }
  }

  @Test
  void maxAge_cachedSession_refusedOnceIatPlusMaxAgePasses() {
    try (TestGateway gw = TestGateway.with("session.maxAge", "1h").with("session.clockSkew", "0s").start()) {
      gw.putArticle("a1", ARTICLE, "A1");
      String token = gw.reader("alice").claim("iat", gw.clock().millis() / 1000 - 3000)
          .expiresIn(Duration.ofHours(5)).sign();
      assertEquals(302, go(gw, token));
      gw.clock().advance(Duration.ofSeconds(599));
      assertEquals(302, go(gw, token));

      gw.clock().advance(Duration.ofSeconds(1));

      assertEquals(401, go(gw, token), "the cache entry does not outlive iat + maxAge");
    }
  }
}
