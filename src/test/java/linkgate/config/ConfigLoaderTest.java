package linkgate.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  private static final String SECRET = "config-test-secret-0123456789-abcdef";

  /**
   * The smallest valid configuration: only the required keys. A test replaces a {{slot}} with
   * {@link #yaml}; a line whose slot is set to "" disappears.
   */
  private static final String TEMPLATE = """
      {{top}}
      http:
        publicBaseUrl: {{publicBaseUrl}}
        {{http}}
      session:
        loginUrl: {{loginUrl}}
        {{keys}}
        {{session}}
      """;

  private static final Map<String, String> SLOT_DEFAULTS = Map.of(
      "top", "",
      "publicBaseUrl", "https://go.example.com",
      "http", "",
      "loginUrl", "https://example.com/login",
      "keys", keys(key("kid: k1", "alg: HS256", "secret: " + SECRET)),
      "session", "");

  private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");

  private final Map<String, String> env = new HashMap<>();

  /**
   * {@link #TEMPLATE} with slots filled: {@code yaml("http", "port: 0", "publicBaseUrl", "")}.
   * Lines after the first of a value are indented like the slot's line.
   */
  static String yaml(String... slotValuePairs) {
    Map<String, String> values = new HashMap<>(SLOT_DEFAULTS);
    for (int i = 0; i < slotValuePairs.length; i += 2) {
      if (!values.containsKey(slotValuePairs[i])) {
        throw new IllegalArgumentException("no slot {{" + slotValuePairs[i] + "}} in TEMPLATE");
      }
      values.put(slotValuePairs[i], slotValuePairs[i + 1]);
    }
    StringBuilder out = new StringBuilder();
    for (String line : TEMPLATE.split("\n")) {
      Matcher m = SLOT.matcher(line);
      if (!m.find()) {
        out.append(line).append('\n');
        continue;
      }
      String value = values.get(m.group(1));
      if (value.isEmpty()) {
        continue;
      }
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      out.append(line, 0, m.start()).append(value.replace("\n", "\n" + indent))
          .append(line.substring(m.end())).append('\n');
    }
    return out.toString();
  }

  /** A {@code keys:} block holding the given {@link #key}s. */
  static String keys(String... keys) {
    return "keys:\n  " + String.join("\n  ", Stream.of(keys).map(k -> k.replace("\n", "\n  ")).toList());
  }

  /** One list item of {@code session.keys}: {@code key("kid: k1", "alg: HS256", "secret: ...")}. */
  static String key(String... fields) {
    return "- " + String.join("\n  ", fields);
  }

  private LinkgateConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(env::get).parse(yaml, "test.yaml");
  }

  private List<String> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> load(yaml), yaml).problems();
  }

  private String onlyProblem(String yaml) {
    List<String> problems = problems(yaml);
    assertEquals(1, problems.size(), () -> "expected one problem, got " + problems + " for\n" + yaml);
    return problems.get(0);
  }

  // ---------------------------------------------------------------- defaults

  @Test
  void parse_onlyRequiredKeys_appliesEveryContractDefault() throws ConfigException {
    LinkgateConfig c = load(yaml());

    assertAll(
        () -> assertFalse(c.demo()),
        () -> assertEquals("0.0.0.0", c.http().host()),
        () -> assertEquals(8080, c.http().port()),
        () -> assertEquals(URI.create("https://go.example.com"), c.http().publicBaseUrl()),
        () -> assertEquals(List.of(), c.http().trustedProxies()),
        () -> assertNull(c.http().managementPort()),
        () -> assertEquals("0.0.0.0", c.http().managementHost()),
        () -> assertEquals("session", c.session().cookieName()),
        () -> assertTrue(c.session().acceptBearer()),
        () -> assertNull(c.session().issuer()),
        () -> assertNull(c.session().audience()),
        () -> assertEquals(Duration.ofSeconds(30), c.session().clockSkew()),
        () -> assertNull(c.session().jwksUri()),
        () -> assertEquals(URI.create("https://example.com/login"), c.session().loginUrl()),
        () -> assertEquals("return_to", c.session().returnToParam()),
        () -> assertEquals("roles", c.admin().rolesClaim()),
        () -> assertEquals("admin", c.admin().role()),
        () -> assertEquals(List.of(), c.admin().apiKeys()),
        () -> assertEquals(LinkgateConfig.StoreType.EMBEDDED, c.store().type()),
        () -> assertEquals(Path.of("data/linkgate"), c.store().path()),
        () -> assertEquals(Duration.ofSeconds(1), c.clicks().flushInterval()),
        () -> assertEquals(LinkgateConfig.Durability.BUFFERED, c.clicks().durability()));
  }

  @Test
  void parse_hs256Key_buildsHmacKeyWithKid() throws ConfigException {
    LinkgateConfig.KeyConfig key = load(yaml()).session().keys().get(0);

    assertEquals("k1", key.kid());
    assertEquals("HS256", key.alg());
    assertEquals("HmacSHA256", key.key().getAlgorithm());
    assertEquals("session.keys[0].secret", key.source());
  }

  @Test
  void parse_managementHostUnset_isHttpHost() throws ConfigException {
    LinkgateConfig.Http http = load(yaml("http", "host: 10.0.0.5\nmanagementPort: 9090")).http();

    assertEquals("10.0.0.5", http.host());
    assertEquals("10.0.0.5", http.managementHost());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "::1", "'::'", "fd00::5", "localhost", "mgmt.internal.example",
      "Ops-Host"})
  void parse_managementHost_isWhereTheManagementPortListens(String host) throws ConfigException {
    LinkgateConfig.Http http = load(yaml("http", "host: 0.0.0.0\nmanagementPort: 9090\nmanagementHost: " + host)).http();

    assertEquals(host.replace("'", ""), http.managementHost());
    assertEquals("0.0.0.0", http.host());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "managementHost | 10.0.0.5:9090",
      "managementHost | http://10.0.0.5",
      "managementHost | '[::1]'",
      "managementHost | ''",
      "managementHost | 10.0.0",
      "managementHost | 10.0.0.256",
      "managementHost | under_score.example",
      "managementHost | 10.0.0.0/8",
      "host           | '0.0.0.0 '",
      "host           | 'ops host'"})
  void parse_listenHostNotAnAddressOrName_oneProblemNamingTheKey(String key, String value) {
    assertEquals("http." + key + ": \"" + value + "\" is not an IP address or host name to listen on; write one"
        + " without scheme, port or brackets, e.g. 0.0.0.0 (every interface), 127.0.0.1, 10.0.0.5 or ::1",
        onlyProblem(yaml("http", key + ": \"" + value + "\"")));
  }

  @Test
  void parse_publicBaseUrlWithTrailingSlash_isNormalised() throws ConfigException {
    LinkgateConfig c = load(yaml("publicBaseUrl", "https://Go.example.com:8443/links/"));

    assertEquals(URI.create("https://Go.example.com:8443/links"), c.http().publicBaseUrl());
    assertEquals("https://go.example.com:8443", c.http().publicOrigin(), "as a browser writes Origin");
  }

  @ParameterizedTest
  @CsvSource({"https://GO.Example.COM:443/x, https://go.example.com", "HTTP://go.example.com:80, http://go.example.com",
      "http://go.example.com:443, http://go.example.com:443", "https://[::1]:8443, https://[::1]:8443"})
  void publicOrigin_isTheBrowsersSerialization(String publicBaseUrl, String origin) throws ConfigException {
    assertEquals(origin, load(yaml("publicBaseUrl", publicBaseUrl)).http().publicOrigin());
  }

  @Test
  void parse_loginUrlWithQueryAndFragment_isKept() throws ConfigException {
    String login = "https://example.com/login?lang=en#sign-in";

    assertEquals(URI.create(login), load(yaml("loginUrl", login)).session().loginUrl());
  }

  @Test
  void parse_jwksUriWithoutKeys_isEnough() throws ConfigException {
    LinkgateConfig c = load(yaml("keys", "", "session", "jwksUri: https://login.example.com/jwks.json"));

    assertEquals(URI.create("https://login.example.com/jwks.json"), c.session().jwksUri());
    assertEquals(List.of(), c.session().keys());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "http://127.0.0.1:8081/jwks", "http://127.9.9.9/jwks", "http://localhost/jwks",
    "http://[::1]:9000/jwks", "https://login.example.com/jwks"})
  void parse_jwksUriHttpsOrLoopback_isAccepted(String uri) throws ConfigException {
    assertEquals(URI.create(uri), load(yaml("session", "jwksUri: " + uri)).session().jwksUri());
  }

  @Test
  void parse_emptyFile_reportsEveryRequiredKey() {
    assertEquals(
        List.of(
            "http.publicBaseUrl: is required; write how readers reach linkgate, e.g. https://go.example.com",
            "session.keys: is required: configure at least one of session.keys or session.jwksUri",
            "session.loginUrl: is required; write the site's login page, e.g. https://example.com/login"),
        problems(""));
  }

  // ---------------------------------------------------------------- ${NAME} from the environment

  @Test
  void parse_variableSet_isSubstituted() throws ConfigException {
    env.put("LINKGATE_HOST", "go.example.org");
    env.put("LINKGATE_PORT", "9090");

    LinkgateConfig c = load(yaml(
        "publicBaseUrl", "https://${LINKGATE_HOST}:${LINKGATE_TLS_PORT:-8443}/go",
        "http", "port: ${LINKGATE_PORT}"));

    assertEquals(URI.create("https://go.example.org:8443/go"), c.http().publicBaseUrl());
    assertEquals(9090, c.http().port());
  }

  @ParameterizedTest(name = "variable {0}")
  @CsvSource(nullValues = "unset", value = {
    "unset, 8080",
    "'', 8080",
    "9191, 9191",
  })
  void parse_variableWithDefault_usesDefaultWhenUnsetOrEmpty(String value, int port) throws ConfigException {
    if (value != null) {
      env.put("LINKGATE_PORT", value);
    }

    assertEquals(port, load(yaml("http", "port: ${LINKGATE_PORT:-8080}")).http().port());
  }

  @Test
  void parse_variableUnsetWithoutDefault_reportsKeyAndVariable() {
    assertEquals(
        "http.publicBaseUrl: environment variable LINKGATE_BASE is not set; set it, or write ${LINKGATE_BASE:-default}",
        onlyProblem(yaml("publicBaseUrl", "${LINKGATE_BASE}")));
  }

  @Test
  void parse_secretVariableUnset_reportsOnlyTheVariable() {
    String yaml = yaml("keys", keys(key("kid: k1", "alg: HS256", "secret: ${LINKGATE_SESSION_SECRET}")));

    assertEquals(
        "session.keys[0].secret: environment variable LINKGATE_SESSION_SECRET is not set; set it, or write"
            + " ${LINKGATE_SESSION_SECRET:-default}",
        onlyProblem(yaml));
  }

  @Test
  void parse_listItemVariableUnset_reportsItemPath() {
    assertEquals(
        "http.trustedProxies[1]: environment variable PROXY is not set; set it, or write ${PROXY:-default}",
        onlyProblem(yaml("http", "trustedProxies: [10.0.0.0/8, '${PROXY}']")));
  }

  @Test
  void parse_variableSetEmptyWithoutDefault_isEmptyValue() {
    env.put("LINKGATE_LOGIN_URL", "");

    assertEquals(
        "session.loginUrl: is empty; write the site's login page, e.g. https://example.com/login",
        onlyProblem(yaml("loginUrl", "${LINKGATE_LOGIN_URL}")));
  }

  // ---------------------------------------------------------------- durations

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "30s, PT30S",
    "1500ms, PT1.5S",
    "10m, PT10M",
    "1h, PT1H",
    "2d, PT48H",
    "0s, PT0S",
    "' 45s ', PT45S",
  })
  void durationsParse_contractForm_returnsDuration(String text, Duration expected) {
    assertEquals(expected, Durations.parse(text));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
    "", "30", "s", "ms", "1.5s", "-1s", "+1s", "30 s", "1H", "30sec", "1h30m", "PT30S", "1e3ms",
    "9999999999s"})
  void durationsParse_otherText_returnsNull(String text) {
    assertNull(Durations.parse(text));
  }

  @Test
  void parse_durations_areRead() throws ConfigException {
    LinkgateConfig c = load(yaml(
        "session", "clockSkew: 1500ms",
        "top", "clicks:\n  flushInterval: 10m"));

    assertEquals(Duration.ofMillis(1500), c.session().clockSkew());
    assertEquals(Duration.ofMinutes(10), c.clicks().flushInterval());
  }

  // ---------------------------------------------------------------- invalid values: the exact line

  record Case(String name, String yaml, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> invalidValues() {
    return Stream.of(
        new Case("missing publicBaseUrl", yaml("publicBaseUrl", ""),
            "http.publicBaseUrl: is required; write how readers reach linkgate, e.g. https://go.example.com"),
        new Case("missing loginUrl", yaml("loginUrl", ""),
            "session.loginUrl: is required; write the site's login page, e.g. https://example.com/login"),
        new Case("no keys and no jwksUri", yaml("keys", ""),
            "session.keys: is required: configure at least one of session.keys or session.jwksUri"),
        new Case("empty keys list and no jwksUri", yaml("keys", "keys: []"),
            "session.keys: is required: configure at least one of session.keys or session.jwksUri"),
        new Case("keys not a list", yaml("keys", "keys: k1"),
            "session.keys: must be a list (lines starting with \"- \", or [a, b])"),
        new Case("key not a mapping", yaml("keys", "keys: [k1]"),
            "session.keys[0]: must be a mapping (key: value lines)"),
        new Case("missing secret", yaml("keys", keys(key("kid: k1", "alg: HS256"))),
            "session.keys[0].secret: HS256 needs exactly one of secret or secretBase64"),
        new Case("secret and secretBase64",
            yaml("keys", keys(key("alg: HS256", "secret: " + SECRET, "secretBase64: " + base64(32)))),
            "session.keys[0].secretBase64: HS256 needs exactly one of secret or secretBase64"),
        new Case("HS256 secret of 31 bytes", yaml("keys", keys(key("alg: HS256", "secret: " + "x".repeat(31)))),
            "session.keys[0].secret: is 248 bits; HS256 needs at least 256 (32 bytes, RFC 7518 §3.2)"),
        new Case("HS512 secret of 32 bytes", yaml("keys", keys(key("alg: HS512", "secret: " + "x".repeat(32)))),
            "session.keys[0].secret: is 256 bits; HS512 needs at least 512 (64 bytes, RFC 7518 §3.2)"),
        new Case("HS384 secretBase64 of 47 bytes", yaml("keys", keys(key("alg: HS384", "secretBase64: " + base64(47)))),
            "session.keys[0].secretBase64: is 376 bits; HS384 needs at least 384 (48 bytes, RFC 7518 §3.2)"),
        new Case("bad base64", yaml("keys", keys(key("alg: HS256", "secretBase64: 'not*base64!'"))),
            "session.keys[0].secretBase64: is not valid base64; write the key bytes in standard or URL-safe"
                + " base64, e.g. the output of openssl rand -base64 32"),
        new Case("HS key with publicKeyFile",
            yaml("keys", keys(key("alg: HS256", "secret: " + SECRET, "publicKeyFile: k.pem"))),
            "session.keys[0].publicKeyFile: HS256 is an HMAC algorithm and takes secret or secretBase64,"
                + " not a public key"),
        new Case("RS256 without publicKeyFile", yaml("keys", keys(key("alg: RS256"))),
            "session.keys[0].publicKeyFile: is required for RS256; give the path of a PEM public key"),
        new Case("duplicate kid", yaml("keys", keys(
                key("kid: k1", "alg: HS256", "secret: " + SECRET),
                key("kid: k1", "alg: HS512", "secret: " + "y".repeat(64)))),
            "session.keys[1].kid: \"k1\" is used by another key; each kid must be unique"),
        new Case("publicBaseUrl not a url", yaml("publicBaseUrl", "not a url"),
            "http.publicBaseUrl: \"not a url\" is not a valid URL (Illegal character in path); write how readers"
                + " reach linkgate, e.g. https://go.example.com"),
        new Case("publicBaseUrl ftp", yaml("publicBaseUrl", "ftp://x"),
            "http.publicBaseUrl: \"ftp://x\" is not an absolute http(s) URL with a host; write how readers"
                + " reach linkgate, e.g. https://go.example.com"),
        new Case("publicBaseUrl relative", yaml("publicBaseUrl", "/go"),
            "http.publicBaseUrl: \"/go\" is not an absolute http(s) URL with a host; write how readers"
                + " reach linkgate, e.g. https://go.example.com"),
        new Case("publicBaseUrl with user info", yaml("publicBaseUrl", "https://u:p@x"),
            "http.publicBaseUrl: must not contain user info (user:password@)"),
        new Case("publicBaseUrl with query", yaml("publicBaseUrl", "https://go.example.com/?a=1"),
            "http.publicBaseUrl: must not contain a query (?...); write how readers reach linkgate,"
                + " e.g. https://go.example.com"),
        new Case("publicBaseUrl with fragment", yaml("publicBaseUrl", "https://go.example.com/#top"),
            "http.publicBaseUrl: must not contain a fragment (#...); write how readers reach linkgate,"
                + " e.g. https://go.example.com"),
        new Case("loginUrl ftp", yaml("loginUrl", "ftp://x"),
            "session.loginUrl: \"ftp://x\" is not an absolute http(s) URL with a host; write the site's"
                + " login page, e.g. https://example.com/login"),
        new Case("port too big", yaml("http", "port: 70000"),
            "http.port: 70000 is out of range; use a number from 0 to 65535"),
        new Case("port negative", yaml("http", "port: -1"),
            "http.port: -1 is out of range; use a number from 0 to 65535"),
        new Case("port not a number", yaml("http", "port: abc"),
            "http.port: \"abc\" is not a whole number; use a number from 0 to 65535"),
        new Case("acceptBearer not a boolean", yaml("session", "acceptBearer: maybe"),
            "session.acceptBearer: \"maybe\" is not true or false"),
        new Case("clockSkew without unit", yaml("session", "clockSkew: 30"),
            "session.clockSkew: \"30\" is not a duration; write it like 30s, 1500ms, 10m or 1h"),
        new Case("clockSkew too long", yaml("session", "clockSkew: 1h"),
            "session.clockSkew: 1h is out of range; use a duration from 0s to 10m"),
        new Case("flushInterval too short", yaml("top", "clicks:\n  flushInterval: 5ms"),
            "clicks.flushInterval: 5ms is out of range; use a duration from 10ms to 10m"),
        new Case("bad durability", yaml("top", "clicks:\n  durability: fast"),
            "clicks.durability: \"fast\" is not a durability; use buffered or strict"),
        new Case("rolesClaim pointer with ~2", yaml("top", "admin:\n  rolesClaim: \"/a~2b\""),
            "admin.rolesClaim: is not a valid JSON Pointer: write \"~\" in a name as ~0 and \"/\" as ~1 (RFC 6901)"),
        new Case("rolesClaim pointer ending in ~", yaml("top", "admin:\n  rolesClaim: /realm_access/roles~"),
            "admin.rolesClaim: is not a valid JSON Pointer: write \"~\" in a name as ~0 and \"/\" as ~1 (RFC 6901)"),
        new Case("bad store type", yaml("top", "store:\n  type: mysql"),
            "store.type: \"mysql\" is not a store type; use embedded or postgres"),
        new Case("CIDR prefix too long", yaml("http", "trustedProxies: [10.0.0.0/33]"),
            "http.trustedProxies[0]: \"10.0.0.0/33\" has a prefix length outside 0-32; write it like"
                + " 10.0.0.0/8 or ::1/128"),
        new Case("CIDR shorthand", yaml("http", "trustedProxies: [10.0.0.0/8, 10/8]"),
            "http.trustedProxies[1]: \"10/8\" is not an IP address or CIDR; write it like 10.0.0.0/8 or ::1/128"),
        new Case("CIDR host name", yaml("http", "trustedProxies: [proxy.example.com]"),
            "http.trustedProxies[0]: \"proxy.example.com\" is not an IP address or CIDR; write it like"
                + " 10.0.0.0/8 or ::1/128"),
        new Case("section not a mapping", yaml("top", "admin: yes"),
            "admin: must be a mapping (key: value lines indented below it)"),
        new Case("duplicate YAML key", """
            http:
              publicBaseUrl: https://go.example.com
              port: 8080
              port: 8081
            """,
            "config: test.yaml is not valid YAML at line 4, column 3: found duplicate key port"),
        new Case("not a mapping", "- http\n- session\n",
            "config: test.yaml must be a YAML mapping (key: value lines)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  void parse_invalidValue_reportsOneLineNamingKeyAndFix(Case c) {
    assertEquals(c.expected(), onlyProblem(c.yaml()));
  }

  // ---------------------------------------------------------------- invalid values: key and words

  record Words(String name, String yaml, String key, List<String> words) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Words words(String name, String yaml, String key, String... words) {
    return new Words(name, yaml, key, List.of(words));
  }

  static Stream<Words> invalidValuesByWords() {
    return Stream.of(
        words("unknown top-level key", yaml("top", "htpp:\n  port: 8080"),
            "htpp", "unknown key (did you mean \"http\"?)", "known keys here: demo, http, session"),
        words("unknown nested key", yaml("session", "cookiName: sid"),
            "session.cookiName", "unknown key (did you mean \"cookieName\"?)", "known keys here:", "cookieName"),
        words("unknown key in a key", yaml("keys", keys(key("alg: HS256", "secret: " + SECRET, "sekret: x"))),
            "session.keys[0].sekret", "unknown key (did you mean \"secret\"?)"),
        words("algorithm in lower case", yaml("keys", keys(key("alg: hs256", "secret: " + SECRET))),
            "session.keys[0].alg", "\"hs256\" is not supported; use one of", "HS256", "(case matters)"),
        words("YAML syntax error", yaml("http", "port: [8080"),
            "config", "test.yaml is not valid YAML at line", ", column "),
        words("unreadable PEM", pemKey("RS256", Pem.MISSING),
            "session.keys[0].publicKeyFile", "cannot read " + Pem.MISSING, "NoSuchFileException",
            "check the path"),
        words("PEM holding a private key", pemKey("RS256", Pem.PRIVATE),
            "session.keys[0].publicKeyFile", Pem.PRIVATE + " holds a private key",
            "give linkgate only the public key", "openssl pkey"),
        words("not a PEM", pemKey("RS256", Pem.NOT_PEM),
            "session.keys[0].publicKeyFile", Pem.NOT_PEM + " is not a PEM public key",
            "-----BEGIN PUBLIC KEY-----"),
        words("RSA key for ES256", pemKey("ES256", Pem.RSA_2048),
            "session.keys[0].publicKeyFile", Pem.RSA_2048 + " holds an RSA key; ES256 needs an EC key"),
        words("EC key for RS256", pemKey("RS256", Pem.EC_P256),
            "session.keys[0].publicKeyFile", Pem.EC_P256 + " holds an EC key; RS256 needs an RSA key"),
        words("1024-bit RSA key", pemKey("RS256", Pem.RSA_1024),
            "session.keys[0].publicKeyFile",
            Pem.RSA_1024 + " is a 1024-bit RSA key; RS256 needs at least 2048 bits (RFC 7518 §3.3)"),
        words("P-384 key for ES256", pemKey("ES256", Pem.EC_P384),
            "session.keys[0].publicKeyFile", Pem.EC_P384 + " is on a 384-bit curve; ES256 needs P-256"),
        words("P-256 key for ES512", pemKey("ES512", Pem.EC_P256),
            "session.keys[0].publicKeyFile", "is on a 256-bit curve; ES512 needs P-521"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValuesByWords")
  void parse_invalidValue_reportsKeyAndWords(Words c) {
    String problem = onlyProblem(c.yaml());

    assertTrue(problem.startsWith(c.key() + ": "), () -> "not about " + c.key() + ": " + problem);
    for (String word : c.words()) {
      assertTrue(problem.contains(word), () -> "\"" + word + "\" missing from: " + problem);
    }
  }

  @Test
  void parse_unknownKeyFarFromAnyKnown_hasNoSuggestion() {
    String problem = onlyProblem(yaml("http", "frobnicate: 1"));

    assertTrue(problem.startsWith("http.frobnicate: unknown key; known keys here: host, port"), problem);
  }

  // ---------------------------------------------------------------- jwksUri must be https

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "http://login.example.com/jwks", "HTTP://login.example.com/jwks", "http://127.evil.example/jwks",
    "http://localhost.evil.example/jwks", "http://10.0.0.1/jwks", "http://[::2]/jwks"})
  void parse_jwksUriHttpToRemoteHost_isRefused(String uri) {
    assertEquals(
        "session.jwksUri: must use https (http is allowed only for a loopback host such as 127.0.0.1)",
        onlyProblem(yaml("session", "jwksUri: " + uri)));
  }

  // ---------------------------------------------------------------- public keys

  static Stream<Arguments> fittingPublicKeys() {
    return Stream.of(
        Arguments.of("RS256", Pem.RSA_2048),
        Arguments.of("PS512", Pem.RSA_2048),
        Arguments.of("ES256", Pem.EC_P256),
        Arguments.of("ES384", Pem.EC_P384),
        Arguments.of("EdDSA", Pem.ED25519));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("fittingPublicKeys")
  void parse_pemFittingAlgorithm_isAccepted(String alg, Path file) throws ConfigException {
    LinkgateConfig.KeyConfig key = load(pemKey(alg, file)).session().keys().get(0);

    assertEquals(alg, key.alg());
    assertEquals(file.toString(), key.source());
  }

  private static String pemKey(String alg, Path file) {
    return yaml("keys", keys(key("kid: pk", "alg: " + alg, "publicKeyFile: " + file)));
  }

  /** PEM files generated once per run under target/. */
  static final class Pem {
    static final Path DIR = dir();
    static final Path RSA_2048 = write("rsa-2048.pem", publicPem(pair("RSA", 2048)));
    static final Path RSA_1024 = write("rsa-1024.pem", publicPem(pair("RSA", 1024)));
    static final Path EC_P256 = write("ec-p256.pem", publicPem(ec("secp256r1")));
    static final Path EC_P384 = write("ec-p384.pem", publicPem(ec("secp384r1")));
    static final Path ED25519 = write("ed25519.pem", publicPem(pair("Ed25519", 0)));
    static final Path PRIVATE = write("private.pem", pem("PRIVATE KEY", pair("RSA", 2048).getPrivate().getEncoded()));
    static final Path NOT_PEM = write("not.pem", "just some text\n");
    static final Path MISSING = DIR.resolve("missing.pem");

    private static Path dir() {
      try {
        Path base = Path.of("target", "test-data").toAbsolutePath();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "pem-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static KeyPair pair(String algorithm, int bits) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
          g.initialize(bits);
        }
        return g.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static KeyPair ec(String curve) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String publicPem(KeyPair pair) {
      return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    private static String pem(String label, byte[] der) {
      return "-----BEGIN " + label + "-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END " + label + "-----\n";
    }

    private static Path write(String name, String text) {
      try {
        return Files.writeString(DIR.resolve(name), text, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String base64(int bytes) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) (i * 37 + 11);
    }
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void parse_secretBase64UrlSafeUnpadded_isAccepted() throws ConfigException {
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {
        -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, -16,
        -17, -18, -19, -20, -21, -22, -23, -24, -25, -26, -27, -28, -29, -30, -31, -32});

    LinkgateConfig.KeyConfig key = load(yaml("keys", keys(key("alg: HS256", "secretBase64: " + urlSafe))))
        .session().keys().get(0);

    assertEquals(32, key.key().getEncoded().length);
    assertEquals("session.keys[0].secretBase64", key.source());
  }

  // ---------------------------------------------------------------- the demo secret

  private static String demoKey() {
    return keys(key("kid: demo", "alg: HS256", "secret: " + ConfigLoader.DEMO_SECRET));
  }

  @Test
  void parse_demoSecretWithoutDemoFlag_isRefused() {
    assertEquals(
        "session.keys[0].secret: is the public demo secret; set LINKGATE_SESSION_SECRET to a secret of your own"
            + " (at least 32 random bytes), or set demo: true to run the demo",
        onlyProblem(yaml("keys", demoKey())));
  }

  @Test
  void parse_demoSecretAsBase64WithoutDemoFlag_isRefused() {
    String b64 = java.util.Base64.getEncoder().encodeToString(
        ConfigLoader.DEMO_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(onlyProblem(yaml("keys", keys(key("kid: demo", "alg: HS256", "secretBase64: " + b64))))
        .startsWith("session.keys[0].secretBase64: is the public demo secret"));
  }

  @Test
  void parse_demoSecretWithDemoFalse_isRefused() {
    assertTrue(onlyProblem(yaml("top", "demo: false", "keys", demoKey())).contains("is the public demo secret"));
  }

  @Test
  void parse_demoSecretWithDemoTrue_isAccepted() throws ConfigException {
    LinkgateConfig c = load(yaml("top", "demo: true", "keys", demoKey()));

    assertTrue(c.demo());
    assertEquals("demo", c.session().keys().get(0).kid());
  }

  @Test
  void load_shippedDemoConfig_isValidAndADemo() throws ConfigException {
    LinkgateConfig c = new ConfigLoader(env::get).load(Path.of("config", "linkgate.yaml"));

    assertTrue(c.demo());
    assertEquals(8080, c.http().port());
    assertEquals("linkgate", c.session().audience());
  }

  @Test
  void load_shippedDemoConfigWithDemoFalse_refusesDemoSecret() throws IOException {
    String text = Files.readString(Path.of("config", "linkgate.yaml"));
    assertTrue(text.contains("\ndemo: true\n"), "the shipped config should say demo: true");

    String problem = onlyProblem(text.replace("\ndemo: true\n", "\ndemo: false\n"));

    assertTrue(problem.startsWith("session.keys[0].secret: is the public demo secret"), problem);
  }

  @Test
  void load_shippedDemoConfigWithOwnSecret_isAcceptedWithoutDemoFlag() throws Exception {
    env.put("LINKGATE_SESSION_SECRET", SECRET);
    String text = Files.readString(Path.of("config", "linkgate.yaml")).replace("\ndemo: true\n", "\ndemo: false\n");

    assertFalse(load(text).demo());
  }

  // ---------------------------------------------------------------- several problems at once

  @Test
  void parse_severalProblems_reportsEachOnItsOwnLineInOneException() {
    String yaml = yaml(
        "publicBaseUrl", "ftp://x",
        "http", "port: abc",
        "keys", keys(key("alg: HS256", "secret: short")),
        "session", "cookiName: sid",
        "top", "clicks:\n  durability: fast");

    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

    assertEquals(5, e.problems().size(), e.getMessage());
    assertEquals(String.join("\n", e.problems()), e.getMessage());
    assertEquals(0, e.getStackTrace().length, "a configuration problem carries no stack trace");
    assertAll(
        () -> assertEquals("http.port: \"abc\" is not a whole number; use a number from 0 to 65535",
            e.problems().get(0)),
        () -> assertTrue(e.problems().get(1).startsWith("http.publicBaseUrl: \"ftp://x\" is not"), e.getMessage()),
        () -> assertEquals("session.keys[0].secret: is 40 bits; HS256 needs at least 256 (32 bytes, RFC 7518 §3.2)",
            e.problems().get(2)),
        () -> assertTrue(e.problems().get(3).startsWith("session.cookiName: unknown key"), e.getMessage()),
        () -> assertEquals("clicks.durability: \"fast\" is not a durability; use buffered or strict",
            e.problems().get(4)));
  }

  @Test
  void load_missingFile_saysWhichFileAndHowToPassOne() {
    Path missing = Path.of("target", "no-such-dir", "linkgate.yaml");

    ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(env::get).load(missing));

    assertEquals(
        List.of("config: cannot read " + missing + " (NoSuchFileException); pass the right file with --config FILE"),
        e.problems());
  }

  // ---------------------------------------------------------------- store.postgres: uri and TLS

  private static String postgres(String... lines) {
    return yaml("top", "store:\n  type: postgres\n  postgres:\n    " + String.join("\n    ", lines));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql://postgres:a+b/c=@localhost:5432/db", "postgresql://postgres:a@b@localhost/db",
      "postgresql://postgres:p:q@localhost/db", "postgresql://postgres:a b@localhost/db"})
  void parse_postgresUriPasswordNotPercentEncoded_reportsUriWithoutThePassword(String uri) {
    String problem = onlyProblem(postgres("uri: \"" + uri + "\""));
    String password = uri.substring(uri.indexOf(':', 13) + 1, uri.lastIndexOf('@'));
    assertTrue(problem.startsWith("store.postgres.uri: \"postgresql://postgres:***@localhost"), problem);
    assertTrue(problem.contains("is not a valid connection URI"), problem);
    assertTrue(problem.contains("percent-encode every character of the user name and password"), problem);
    assertFalse(problem.contains(password), problem);
  }

  @Test
  void parse_postgresUriPercentEncodedPassword_isAccepted() throws ConfigException {
    String uri = "postgresql://postgres:a%2Bb%2Fc%3D%40%3A@db.example.com:5432/linkgate?sslmode=require";
    LinkgateConfig c = load(postgres("uri: \"" + uri + "\""));
    assertEquals(uri, c.store().postgres().uri());
    assertNull(c.store().postgres().caFile());
  }

  @Test
  void parse_postgresPasswordParameterBroken_isMasked() {
    String problem = onlyProblem(postgres("uri: \"postgresql://postgres@localhost/db?password=s3cret&x\""));
    assertTrue(problem.contains("password=***"), problem);
    assertFalse(problem.contains("s3cret"), problem);
  }

  @Test
  void parse_postgresUnknownSslMode_namesTheModes() {
    assertEquals("store.postgres.uri: sslmode=on is not an sslmode; use one of disable, allow, prefer, require,"
        + " verify-ca, verify-full", onlyProblem(postgres("uri: postgresql://u@h/db?sslmode=on")));
  }

  @Test
  void parse_postgresLibpqCertificateParameter_pointsToCaFile() {
    String problem = onlyProblem(postgres("uri: postgresql://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem"));
    assertTrue(problem.startsWith("store.postgres.uri: the parameter sslrootcert is not read"), problem);
    assertTrue(problem.contains("store.postgres.tls.caFile"), problem);
  }

  @Test
  void parse_postgresVerifyCaWithoutCaFile_saysCaFileIsRequired() {
    String problem = onlyProblem(postgres("uri: postgresql://u@h/db?sslmode=verify-ca"));
    assertTrue(problem.startsWith("store.postgres.tls.caFile: is required for sslmode=verify-ca"), problem);
  }

  @Test
  void parse_postgresVerifyFullWithoutCaFile_isAccepted() throws ConfigException {
    assertNull(load(postgres("uri: postgresql://u@h/db?sslmode=verify-full")).store().postgres().caFile());
  }

  @ParameterizedTest
  @ValueSource(strings = {"verify-full", "verify-ca", "require"})
  void parse_postgresCaFileWithVerifyingMode_isAccepted(String mode) throws Exception {
    Path ca = selfSignedCertificate();
    LinkgateConfig c = load(postgres("uri: postgresql://u@h/db?sslmode=" + mode, "tls:", "  caFile: " + ca));
    assertEquals(ca, c.store().postgres().caFile());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "?sslmode=disable", "?sslmode=prefer", "?sslmode=allow"})
  void parse_postgresCaFileWithModeThatChecksNothing_isRefused(String query) throws Exception {
    Path ca = selfSignedCertificate();
    String problem = onlyProblem(postgres("uri: postgresql://u@h/db" + query, "tls:", "  caFile: " + ca));
    assertTrue(problem.startsWith("store.postgres.tls.caFile: is set but store.postgres.uri has sslmode="), problem);
    assertTrue(problem.contains("add ?sslmode=verify-full"), problem);
  }

  @Test
  void parse_postgresCaFileMissingOrNotPem_saysWhich() throws IOException {
    String missing = onlyProblem(postgres("uri: postgresql://u@h/db?sslmode=verify-full", "tls:",
        "  caFile: target/no-such-ca.pem"));
    assertTrue(missing.startsWith("store.postgres.tls.caFile: cannot read target/no-such-ca.pem (NoSuchFileException)"),
        missing);
    Path notPem = Files.createTempFile(Path.of("target"), "ca-", ".pem");
    Files.writeString(notPem, "not a certificate\n");
    String problem = onlyProblem(postgres("uri: postgresql://u@h/db?sslmode=verify-full", "tls:", "  caFile: " + notPem));
    assertEquals("store.postgres.tls.caFile: " + notPem + " holds no valid PEM certificate; give the CA certificate"
        + " (or the server's self-signed certificate) as a -----BEGIN CERTIFICATE----- block", problem);
  }

  @Test
  void parse_postgresTlsUnknownKey_isReported() {
    String problem = onlyProblem(postgres("uri: postgresql://u@h/db?sslmode=verify-full", "tls:", "  caFil: x.pem"));
    assertTrue(problem.startsWith("store.postgres.tls.caFil: unknown key (did you mean \"caFile\"?)"), problem);
  }

  /** A PEM self-signed certificate made by openssl, in a fresh file under target/. */
  private static Path selfSignedCertificate() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "ca-");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-keyout", dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.pem").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed");
    return dir.resolve("ca.pem");
  }
}
