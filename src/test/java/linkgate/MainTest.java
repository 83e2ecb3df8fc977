package linkgate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import linkgate.testing.MutableClock;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
  private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

  /** Three problems, in the order the loader reports them. */
  private static final String BROKEN = """
      http:
        port: 70000
        publicBaseUrl: ftp://x
      session:
        loginUrl: https://example.com/login
        keys:
          - alg: HS256
            secret: short
      """;
  private static final List<String> BROKEN_PROBLEMS = List.of(
      "http.port: 70000 is out of range; use a number from 0 to 65535",
      "http.publicBaseUrl: \"ftp://x\" is not an absolute http(s) URL with a host; write how readers reach"
          + " linkgate, e.g. https://go.example.com",
      "session.keys[0].secret: is 40 bits; HS256 needs at least 256 (32 bytes, RFC 7518 §3.2)");

  private final Path dir = newDir();

  /** What a command printed and returned. */
  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** {@code Main.run} on a parsed command line, as {@code main} does, with captured streams. */
  private static Result run(String... argv) {
    return capture((out, err) -> Main.run(Args.parse(argv), out, err));
  }

  /** {@code Main.execute}: also maps a bad command line to exit 2. */
  private static Result execute(String... argv) {
    return capture((out, err) -> Main.execute(argv, out, err));
  }

  private interface Command {
    int run(PrintStream out, PrintStream err);
  }

  private static Result capture(Command command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = command.run(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path newDir() {
    try {
      Path base = Path.of("target", "test-data").toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "main-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertNoStackTrace(String output) {
    assertFalse(output.contains("Exception"), output);
    assertFalse(output.contains("at linkgate"), output);
    assertFalse(output.contains("\tat "), output);
  }

  private static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), UTF_8));
  }

  // ---------------------------------------------------------------- check-config

  @Test
  void checkConfig_demoConfig_printsOkAndExits0() {
    Result r = run("check-config", "--config", "config/linkgate.yaml");

    assertEquals(0, r.code(), r.err());
    assertEquals("ok" + System.lineSeparator(), r.out());
    assertEquals("", r.err());
  }

  @Test
  void checkConfig_noConfigOption_readsTheDemoConfig() {
    Result r = run("check-config");

    assertEquals(0, r.code(), r.err());
    assertEquals("ok", r.out().strip());
  }

  @Test
  void checkConfig_brokenConfig_printsOneLinePerProblemAndExits1() {
    Path broken = write("broken.yaml", BROKEN);

    Result r = run("check-config", "--config", broken.toString());

    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals(BROKEN_PROBLEMS, r.errLines());
    assertNoStackTrace(r.err());
  }

  @Test
  void checkConfig_missingFile_printsOneLineAndExits1() {
    Path missing = dir.resolve("missing.yaml");

    Result r = run("check-config", "--config", missing.toString());

    assertEquals(1, r.code());
    assertEquals(
        List.of("config: cannot read " + missing + " (NoSuchFileException); pass the right file with --config FILE"),
        r.errLines());
  }

  @Test
  void serve_brokenConfig_listsProblemsAndExits1WithoutStarting() {
    Path broken = write("broken.yaml", BROKEN);

    Result r = run("--config", broken.toString());

    assertEquals(1, r.code());
    List<String> expected = new ArrayList<>();
    expected.add("linkgate: cannot start, " + broken + " has 3 problems:");
    BROKEN_PROBLEMS.forEach(p -> expected.add("  " + p));
    expected.add("Run `java -jar target/linkgate.jar check-config --config " + broken + "` after fixing them.");
    assertEquals(expected, r.errLines());
    assertNoStackTrace(r.err());
  }

  // ---------------------------------------------------------------- token

  @Test
  void token_adminAndReader_acceptedByTheServer() {
    TestGateway.Builder gateway = TestGateway.with("http.instances", 1).clock(new MutableClock(Instant.now()));
    Path config = write("linkgate.yaml", gateway.yaml());

    Result admin = run("token", "--sub", "alice", "--role", "admin", "--ttl", "2h", "--config", config.toString());
    Result reader = run("token", "--sub", "bob", "--config", config.toString());

    for (Result r : List.of(admin, reader)) {
      assertEquals(0, r.code(), r.err());
      assertEquals("", r.err());
      assertEquals(1, r.out().lines().count(), r.out());
      assertTrue(JWT.matcher(r.out().strip()).matches(), r.out());
      assertEquals(r.out().strip() + System.lineSeparator(), r.out());
    }
    String adminToken = admin.out().strip();
    String readerToken = reader.out().strip();
    JsonObject adminClaims = claims(adminToken);
    assertEquals("alice", adminClaims.getString("sub"));
    assertEquals(new JsonArray().add("admin"), adminClaims.getJsonArray("roles"));
    assertEquals(Duration.ofHours(2).toSeconds(), adminClaims.getLong("exp") - adminClaims.getLong("iat"));
    assertEquals(Duration.ofHours(1).toSeconds(), claims(readerToken).getLong("exp") - claims(readerToken).getLong("iat"));

    try (TestGateway gw = gateway.start()) {
      gw.putArticle("a1", "https://example.org/a1", "A1");

      var redirect = gw.get("/go/a1", "Authorization", "Bearer " + readerToken);
      assertEquals(302, redirect.statusCode(), redirect.bodyAsString());
      assertEquals("https://example.org/a1", redirect.getHeader("Location"));

      var list = gw.get("/admin/api/articles", "Authorization", "Bearer " + adminToken);
      assertEquals(200, list.statusCode(), list.bodyAsString());
      assertEquals("a1", list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"));

      var forbidden = gw.get("/admin/api/articles", "Authorization", "Bearer " + readerToken);
      assertEquals(403, forbidden.statusCode(), forbidden.bodyAsString());
    }
  }

  @Test
  void token_ttlAboveSevenDays_isCappedAndSaysSo() {
    Path config = write("linkgate.yaml", TestGateway.with("http.instances", 1).yaml());
    long before = Instant.now().getEpochSecond();

    Result r = run("token", "--sub", "alice", "--ttl", "30d", "--config", config.toString());

    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("linkgate: --ttl 30d is capped at 7 days"), r.errLines());
    JsonObject claims = claims(r.out().strip());
    assertEquals(Duration.ofDays(7).toSeconds(), claims.getLong("exp") - claims.getLong("iat"));
    assertTrue(claims.getLong("exp") <= Instant.now().getEpochSecond() + Duration.ofDays(7).toSeconds());
    assertTrue(claims.getLong("exp") >= before + Duration.ofDays(7).toSeconds());
  }

  @Test
  void token_configWithoutHsKey_exits1WithReason() {
    Path config = write("jwks.yaml", TestGateway.with("session.keys", null)
        .with("session.jwksUri", "https://login.example.com/jwks.json").yaml());

    Result r = run("token", "--sub", "alice", "--config", config.toString());

    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals(
        List.of("linkgate: no HS256/HS384/HS512 key in session.keys: linkgate can only mint tokens with a shared secret"),
        r.errLines());
  }

  // ---------------------------------------------------------------- command line errors

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "token --config config/linkgate.yaml          | token needs --sub ID",
    "token --config target/no-such-file.yaml      | token needs --sub ID",
    "token --sub                                  | --sub needs a value",
    "token --sub alice --ttl soon                 | --ttl \"soon\" is not a duration; write it like 30m, 1h or 2d",
    "token --sub alice --ttl 0s                   | --ttl must be more than 0: a token that expires as it is made is no use",
    "--verbose                                    | unknown option \"--verbose\"",
    "check-config --config config/linkgate.yaml -v | unknown option \"-v\"",
    "check-config --sub alice                     | --sub belongs to the token command",
    "start                                        | unknown command \"start\"",
  })
  void execute_badCommandLine_printsUsageAndExits2(String commandLine, String message) {
    Result r = execute(commandLine.split(" "));

    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals("linkgate: " + message, r.errLines().get(0));
    assertTrue(r.err().contains("usage: java -jar linkgate.jar"), r.err());
    assertNoStackTrace(r.err());
  }

  @Test
  void argsParse_tokenWithoutSub_throwsUsageError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[] {"token", "--role", "admin"}));
    assertEquals("token needs --sub ID", e.getMessage());
  }

  @Test
  void argsParse_tokenCommand_keepsEveryOption() {
    Args args = Args.parse(new String[] {"token", "--sub", "alice", "--role", "admin", "--ttl", "90m", "--config", "f.yaml"});

    assertEquals(new Args("token", "f.yaml", "alice", "admin", "90m", false), args);
    assertEquals(Duration.ofMinutes(90), args.tokenTtl());
  }

  @Test
  void argsParse_noArguments_servesWithDefaults() {
    Args args = Args.parse(new String[0]);

    assertEquals(new Args("serve", null, null, null, null, false), args);
    assertEquals(Duration.ofHours(1), args.tokenTtl());
  }

  @Test
  void execute_help_printsUsageAndExits0() {
    Result r = execute("token", "--help");

    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("usage: java -jar linkgate.jar"), r.out());
  }

  // ---------------------------------------------------------------- a real process

  /** {@code java -cp <this JVM's class path> linkgate.Main args...}. */
  private static ProcessBuilder linkgate(String... args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "linkgate.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  @Test
  void process_checkConfigOnBrokenFile_exits1WithProblemsOnStderr() throws Exception {
    Path broken = write("broken.yaml", BROKEN);
    Path out = dir.resolve("check.out");
    Path err = dir.resolve("check.err");

    Process p = linkgate("check-config", "--config", broken.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "check-config did not finish within 60 s");
      assertEquals(1, p.exitValue(), Files.readString(err));
      assertEquals("", Files.readString(out));
      assertEquals(BROKEN_PROBLEMS, Files.readAllLines(err));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void process_portZero_logsPortServesAndExits0OnSigterm() throws Exception {
    Path config = write("serve.yaml", TestGateway.with("http.instances", 1).yaml());
    // stderr goes to a file: Process.destroy() closes the pipes, which would lose the shutdown log.
    Path err = dir.resolve("serve.err");
    Process p = linkgate("--config", config.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    try {
      int port = awaitPort(p, err, Duration.ofSeconds(60));

      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "no exit within 30 s of SIGTERM");
      String log = Files.readString(err);
      assertEquals(0, p.exitValue(), log);
      assertTrue(log.contains("stopped cleanly"), log);
      assertNoStackTrace(log);
    } finally {
      p.destroyForcibly();
    }
  }

  /** Polls the child's stderr for "listening on port N". */
  private static int awaitPort(Process p, Path err, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String log = Files.readString(err);
      Matcher m = LISTENING.matcher(log);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!p.isAlive()) {
        throw new AssertionError("linkgate exited with " + p.exitValue() + " before listening:\n" + log);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no \"listening on port N\" within " + timeout + ":\n" + Files.readString(err));
  }
}
