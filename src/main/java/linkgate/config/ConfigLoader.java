package linkgate.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code linkgate.yaml}: YAML, {@code ${NAME}} / {@code ${NAME:-default}} from the
 * environment, durations, and validation of every key. All problems are reported together in one
 * {@link ConfigException}, one line each, naming the key and how to fix it.
 */
public final class ConfigLoader {
  /** The HS256 secret of the shipped demo configuration; refused unless {@code demo: true}. */
  public static final String DEMO_SECRET = "linkgate-demo-secret-do-not-use-in-production-0123456789";

  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern RATE = Pattern.compile("(\\d{1,7})/([smh])");
  private static final Pattern IPV4_HOST = Pattern.compile("[0-9.]+");
  // LDH labels (RFC 1123 §2.1), the last one starting with a letter as java.net.URI and
  // ArticleUrl require; no underscores (ArticleUrl refuses them).
  private static final Pattern DNS_NAME = Pattern.compile(
      "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");
  private static final Cidr LOOPBACK_V4 = Cidr.parse("127.0.0.0/8");
  private static final Cidr LOOPBACK_V6 = Cidr.parse("::1/128");

  private final Function<String, String> env;

  /** A loader that reads {@code ${NAME}} values from {@code env} (System::getenv in production). */
  public ConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  /** Reads and validates {@code file}. */
  public LinkgateConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              "config: cannot read " + file + " (" + e.getClass().getSimpleName()
                  + "); pass the right file with --config FILE"));
    }
    return parse(text, file.toString());
  }

  /** Parses and validates YAML text; {@code source} names it in messages. */
  public LinkgateConfig parse(String text, String source) throws ConfigException {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      root = new Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(
          List.of(
              "config: " + source + " is not valid YAML at line " + (e.getProblemMark().getLine() + 1)
                  + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem()));
    } catch (YAMLException e) {
      throw new ConfigException(List.of("config: " + source + " is not valid YAML: " + e.getMessage()));
    }
    if (root != null && !(root instanceof Map)) {
      throw new ConfigException(List.of("config: " + source + " must be a YAML mapping (key: value lines)"));
    }
    List<String> problems = new ArrayList<>();
    ConfigNode top = new ConfigNode("", (Map<?, ?>) root, problems, env);
    boolean demo = top.bool("demo", false);
    LinkgateConfig.Http http = http(top.section("http"));
    LinkgateConfig.Session session = session(top.section("session"), demo);
    LinkgateConfig.Admin admin = admin(top.section("admin"));
    LinkgateConfig.Store store = store(top.section("store"));
    LinkgateConfig.Clicks clicks = clicks(top.section("clicks"));
    LinkgateConfig.Limits limits = limits(top.section("limits"));
    LinkgateConfig.Redirect redirect = redirect(top.section("redirect"));
    top.finish();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LinkgateConfig(demo, http, session, admin, store, clicks, limits, redirect);
  }

  private LinkgateConfig.Http http(ConfigNode n) {
    String host = listenHost(n, "host", "0.0.0.0");
    int port = n.integer("port", 8080, 0, 65535);
    URI publicBaseUrl =
        url(n, "publicBaseUrl", "write how readers reach linkgate, e.g. https://go.example.com", true);
    List<Cidr> proxies = new ArrayList<>();
    List<Object> items = n.list("trustedProxies");
    for (int i = 0; i < items.size(); i++) {
      String cidr = n.itemString("trustedProxies", i, items.get(i));
      if (cidr != null) {
        try {
          proxies.add(Cidr.parse(cidr));
        } catch (IllegalArgumentException e) {
          n.problem("trustedProxies[" + i + "]", e.getMessage() + "; write it like 10.0.0.0/8 or ::1/128");
        }
      }
    }
    Integer managementPort = n.has("managementPort") ? n.integer("managementPort", 0, 0, 65535) : null;
    String managementHost = listenHost(n, "managementHost", host);
    int cores = Runtime.getRuntime().availableProcessors();
    int instances = n.integer("instances", cores, 1, 256);
    int maxHeaderSize = n.integer("maxHeaderSize", 16 * 1024, 1024, 1024 * 1024);
    int maxBodySize = n.integer("maxBodySize", 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
    Duration idleTimeout = n.duration("idleTimeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
    Duration requestTimeout =
        n.duration("requestTimeout", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMinutes(10));
    int maxConnections = n.integer("maxConnections", 0, 0, 10_000_000);
    n.finish();
    return new LinkgateConfig.Http(host, port, publicBaseUrl, List.copyOf(proxies), managementPort, managementHost,
        instances, maxHeaderSize, maxBodySize, idleTimeout, requestTimeout, maxConnections);
  }

  /**
   * An address to listen on ({@code http.host}, {@code http.managementHost}): an IPv4 or IPv6
   * literal ({@code 0.0.0.0} and {@code ::} are every interface) or a host name; {@code def} when
   * unset or invalid (with a problem). Checked here so that a typo stops start-up with the key's
   * name instead of a bind error.
   */
  private static String listenHost(ConfigNode n, String key, String def) {
    String host = n.string(key, def);
    if (isListenHost(host)) {
      return host;
    }
    n.problem(key, "\"" + host + "\" is not an IP address or host name to listen on; write one without"
        + " scheme, port or brackets, e.g. 0.0.0.0 (every interface), 127.0.0.1, 10.0.0.5 or ::1");
    return def;
  }

  private static boolean isListenHost(String host) {
    if (host.isEmpty() || !host.equals(host.strip()) || host.indexOf('/') >= 0) {
      return false;
    }
    try {
      Cidr.parse(host); // a bare address is a /32 or /128 network
      return true;
    } catch (IllegalArgumentException notAnAddress) {
      String name = host.toLowerCase(Locale.ROOT);
      return !IPV4_HOST.matcher(name).matches() && name.length() <= 253 && DNS_NAME.matcher(name).matches();
    }
  }

  private LinkgateConfig.Session session(ConfigNode n, boolean demo) {
    String cookieName = n.string("cookieName", "session");
    if (!COOKIE_NAME.matcher(cookieName).matches()) {
      n.problem("cookieName", "\"" + cookieName + "\" is not a valid cookie name (RFC 6265 token characters)");
    }
    boolean acceptBearer = n.bool("acceptBearer", true);
    String issuer = blankToNull(n.string("issuer"));
    String audience = blankToNull(n.string("audience"));
    Duration skew = n.duration("clockSkew", Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10));
    List<LinkgateConfig.KeyConfig> keys = keys(n, demo);
    URI jwksUri = n.has("jwksUri") ? jwksUri(n) : null;
    // "keys: []" counts as no key; written-but-invalid keys and jwksUri report their own problem.
    if (n.isAbsentOrEmptyList("keys") && !n.has("jwksUri")) {
      n.problem("keys", "is required: configure at least one of session.keys or session.jwksUri");
    }
    URI loginUrl = url(n, "loginUrl", "write the site's login page, e.g. https://example.com/login", false);
    String returnToParam = n.string("returnToParam", "return_to");
    if (!PARAM_NAME.matcher(returnToParam).matches()) {
      n.problem("returnToParam", "\"" + returnToParam + "\" is not a plain query parameter name (letters, digits, . _ ~ -)");
    }
    int cacheSize = n.integer("cacheSize", 100_000, 0, 100_000_000);
    Duration maxAge = n.has("maxAge") ? n.duration("maxAge", null, Duration.ofSeconds(1), Duration.ofDays(366)) : null;
    LinkgateConfig.Jwks jwks = jwks(n);
    n.finish();
    return new LinkgateConfig.Session(cookieName, acceptBearer, issuer, audience, skew, keys, jwksUri, loginUrl,
        returnToParam, cacheSize, maxAge, jwks);
  }

  private static LinkgateConfig.Jwks jwks(ConfigNode n) {
    Duration min = n.duration("jwksRefreshMin", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(24));
    Duration max = n.duration("jwksRefreshMax", Duration.ofHours(12), Duration.ofSeconds(1), Duration.ofDays(30));
    Duration refresh = n.duration("jwksRefresh", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(30));
    Duration maxStale = n.duration("jwksMaxStale", Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofDays(60));
    Duration unknownKid =
        n.duration("jwksUnknownKidInterval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    if (min.compareTo(max) > 0) {
      n.problem("jwksRefreshMin", ConfigNode.format(min) + " is longer than session.jwksRefreshMax "
          + ConfigNode.format(max) + "; the floor must not exceed the ceiling");
    } else if (refresh.compareTo(min) < 0 || refresh.compareTo(max) > 0) {
      n.problem("jwksRefresh", ConfigNode.format(refresh) + " is outside session.jwksRefreshMin "
          + ConfigNode.format(min) + " to session.jwksRefreshMax " + ConfigNode.format(max));
    }
    // A refresh that fails must have time to be retried before the keys go stale.
    if (max.multipliedBy(2).compareTo(maxStale) > 0) {
      n.problem("jwksMaxStale", ConfigNode.format(maxStale) + " must be at least twice session.jwksRefreshMax ("
          + ConfigNode.format(max) + "), so that a failed refresh is retried for a while before the keys"
          + " are dropped; raise jwksMaxStale or lower jwksRefreshMax");
    }
    return new LinkgateConfig.Jwks(refresh, min, max, maxStale, unknownKid);
  }

  private List<LinkgateConfig.KeyConfig> keys(ConfigNode n, boolean demo) {
    List<LinkgateConfig.KeyConfig> keys = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    List<Object> items = n.list("keys");
    for (int i = 0; i < items.size(); i++) {
      ConfigNode k = n.item("keys", i, items.get(i));
      if (!(items.get(i) instanceof Map)) {
        continue; // reported by item(); its empty node would add "alg is required" too
      }
      LinkgateConfig.KeyConfig key = key(k, demo);
      k.finish();
      if (key != null) {
        if (key.kid() != null && !kids.add(key.kid())) {
          k.problem("kid", "\"" + key.kid() + "\" is used by another key; each kid must be unique");
        }
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  private LinkgateConfig.KeyConfig key(ConfigNode k, boolean demo) {
    String kid = k.string("kid");
    String alg = k.required("alg", "one of " + String.join(", ", new java.util.TreeSet<>(KeyMaterial.ALGORITHMS)));
    String secret = k.string("secret");
    String secretBase64 = k.string("secretBase64");
    String publicKeyFile = k.string("publicKeyFile");
    if (alg == null) {
      return null;
    }
    if (!KeyMaterial.ALGORITHMS.contains(alg)) {
      k.problem("alg", "\"" + alg + "\" is not supported; use one of "
          + String.join(", ", new java.util.TreeSet<>(KeyMaterial.ALGORITHMS)) + " (case matters)");
      return null;
    }
    Key key;
    String source;
    if (KeyMaterial.isHmac(alg)) {
      if (publicKeyFile != null) {
        k.problem("publicKeyFile", alg + " is an HMAC algorithm and takes secret or secretBase64, not a public key");
      }
      boolean hasSecret = k.has("secret");
      if (hasSecret == k.has("secretBase64")) {
        k.problem(hasSecret ? "secretBase64" : "secret", alg + " needs exactly one of secret or secretBase64");
        return null;
      }
      if (secret == null && secretBase64 == null) {
        return null; // written as ${NAME} with NAME unset: reported by the substitution
      }
      byte[] bytes;
      if (secret != null) {
        bytes = secret.getBytes(StandardCharsets.UTF_8);
        source = k.path("secret");
        if (secret.equals(DEMO_SECRET) && !demo) {
          k.problem("secret", "is the public demo secret; set LINKGATE_SESSION_SECRET to a secret of your own"
              + " (at least 32 random bytes), or set demo: true to run the demo");
          return null;
        }
      } else {
        source = k.path("secretBase64");
        try {
          bytes = KeyMaterial.base64(secretBase64);
        } catch (IllegalArgumentException e) {
          k.problem("secretBase64", "is not valid base64; write the key bytes in standard or URL-safe base64,"
              + " e.g. the output of openssl rand -base64 32");
          return null;
        }
      }
      if (secretBase64 != null && !demo
          && java.util.Arrays.equals(bytes, DEMO_SECRET.getBytes(StandardCharsets.UTF_8))) {
        k.problem("secretBase64", "is the public demo secret; set a secret of your own (at least 32 random"
            + " bytes), or set demo: true to run the demo");
        return null;
      }
      try {
        key = KeyMaterial.hmacKey(alg, bytes, source);
      } catch (IllegalArgumentException e) {
        k.problem(secret != null ? "secret" : "secretBase64", e.getMessage().substring(source.length() + 1));
        return null;
      }
    } else {
      if (secret != null || secretBase64 != null) {
        k.problem(secret != null ? "secret" : "secretBase64", alg + " verifies with a public key; use publicKeyFile");
      }
      if (publicKeyFile == null) {
        k.problem("publicKeyFile", "is required for " + alg + "; give the path of a PEM public key");
        return null;
      }
      source = publicKeyFile;
      try {
        key = KeyMaterial.readPublicKey(Path.of(publicKeyFile), alg);
      } catch (IllegalArgumentException e) {
        k.problem("publicKeyFile", e.getMessage());
        return null;
      }
    }
    return new LinkgateConfig.KeyConfig(kid, alg, key, source);
  }

  private URI jwksUri(ConfigNode n) {
    URI uri = url(n, "jwksUri", "write the identity provider's JWKS address", false);
    if (uri != null && uri.getScheme().equalsIgnoreCase("http") && !isLoopback(uri.getHost())) {
      n.problem("jwksUri", "must use https (http is allowed only for a loopback host such as 127.0.0.1)");
      return null;
    }
    return uri;
  }

  /** localhost, 127.0.0.0/8 or ::1, as the contract allows; "127.example.com" is a DNS name, not loopback. */
  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      byte[] address = Cidr.parse(literal).network();
      return LOOPBACK_V4.contains(address) || LOOPBACK_V6.contains(address);
    } catch (IllegalArgumentException notAnAddress) {
      return false;
    }
  }

  /** RFC 6901: in a JSON Pointer, "~" is only ever "~0" or "~1". */
  private static boolean validPointer(String pointer) {
    for (int i = pointer.indexOf('~'); i >= 0; i = pointer.indexOf('~', i + 1)) {
      if (i + 1 >= pointer.length() || (pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1')) {
        return false;
      }
    }
    return true;
  }

  private LinkgateConfig.Admin admin(ConfigNode n) {
    String rolesClaim = n.string("rolesClaim", "roles");
    if (rolesClaim.isEmpty()) {
      n.problem("rolesClaim", "is empty; write a claim name such as roles, or a JSON Pointer such as /realm_access/roles");
    } else if (rolesClaim.startsWith("/") && !validPointer(rolesClaim)) {
      n.problem("rolesClaim", "is not a valid JSON Pointer: write \"~\" in a name as ~0 and \"/\" as ~1 (RFC 6901)");
    }
    String role = n.string("role", "admin");
    if (role.isBlank()) {
      n.problem("role", "is empty; write the role that may use /admin, e.g. admin");
    }
    List<LinkgateConfig.ApiKey> apiKeys = new ArrayList<>();
    List<Object> items = n.list("apiKeys");
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String name = "apiKeys[" + i + "]";
      String hex;
      if (item instanceof Map) {
        ConfigNode k = n.item("apiKeys", i, item);
        name = k.string("name", name);
        hex = k.required("sha256", "the sha256 hex of the key (echo -n KEY | sha256sum)");
        k.finish();
      } else {
        hex = n.itemString("apiKeys", i, item);
      }
      if (hex == null) {
        continue;
      }
      if (!HEX64.matcher(hex.strip()).matches()) {
        n.problem("apiKeys[" + i + "]", "must be the sha256 of the key as 64 hex digits"
            + " (echo -n KEY | sha256sum), not the key itself");
        continue;
      }
      apiKeys.add(new LinkgateConfig.ApiKey(name, HexFormat.of().parseHex(hex.strip().toLowerCase(Locale.ROOT))));
    }
    n.finish();
    return new LinkgateConfig.Admin(rolesClaim, role, List.copyOf(apiKeys));
  }

  private LinkgateConfig.Store store(ConfigNode n) {
    String typeText = n.string("type", "embedded");
    LinkgateConfig.StoreType type;
    switch (typeText) {
      case "embedded" -> type = LinkgateConfig.StoreType.EMBEDDED;
      case "postgres" -> type = LinkgateConfig.StoreType.POSTGRES;
      default -> {
        n.problem("type", "\"" + typeText + "\" is not a store type; use embedded or postgres");
        type = LinkgateConfig.StoreType.EMBEDDED;
      }
    }
    String pathText = n.string("path", "data/linkgate");
    Path path = Path.of("data/linkgate");
    try {
      path = Path.of(pathText);
    } catch (java.nio.file.InvalidPathException e) {
      n.problem("path", "\"" + pathText + "\" is not a valid file path");
    }
    ConfigNode pg = n.section("postgres");
    String uri = pg.string("uri", "postgresql://linkgate@127.0.0.1:5432/linkgate");
    String sslMode = null;
    try {
      sslMode = PostgresUri.sslMode(uri);
    } catch (IllegalArgumentException e) {
      pg.problem("uri", e.getMessage());
    }
    int poolSize = pg.integer("poolSize", 8, 1, 1000);
    Path caFile = caFile(pg.section("tls"), sslMode);
    pg.finish();
    n.finish();
    return new LinkgateConfig.Store(type, path, new LinkgateConfig.Postgres(uri, poolSize, caFile));
  }

  /**
   * {@code store.postgres.tls.caFile}: PEM certificates to trust, which verify-ca needs; checked
   * against the uri's sslmode ({@code null} when the uri is invalid) so that a CA given to a mode
   * that checks nothing does not look like protection.
   */
  private static Path caFile(ConfigNode tls, String sslMode) {
    String text = tls.string("caFile");
    tls.finish();
    if (text == null) {
      if ("verify-ca".equals(sslMode)) {
        tls.problem("caFile", "is required for sslmode=verify-ca in store.postgres.uri: give the PEM file of the"
            + " CA that signed the server's certificate (or the server's self-signed certificate); or use"
            + " sslmode=verify-full, which without a caFile trusts the CAs the JVM trusts");
      }
      return null;
    }
    Path file;
    try {
      file = Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      tls.problem("caFile", "\"" + text + "\" is not a valid file path");
      return null;
    }
    if (sslMode != null && !List.of("require", "verify-ca", "verify-full").contains(sslMode)) {
      tls.problem("caFile", "is set but store.postgres.uri has sslmode=" + sslMode + ", which checks no"
          + " certificate; add ?sslmode=verify-full to the uri (or verify-ca)");
      return null;
    }
    try {
      byte[] pem = Files.readAllBytes(file);
      if (java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(new java.io.ByteArrayInputStream(pem)).isEmpty()) {
        throw new java.security.cert.CertificateException("no certificate");
      }
    } catch (IOException e) {
      tls.problem("caFile", "cannot read " + file + " (" + e.getClass().getSimpleName() + "); check the path,"
          + " relative paths start from the working directory " + Path.of("").toAbsolutePath());
      return null;
    } catch (java.security.cert.CertificateException e) {
      tls.problem("caFile", file + " holds no valid PEM certificate; give the CA certificate (or the server's"
          + " self-signed certificate) as a -----BEGIN CERTIFICATE----- block");
      return null;
    }
    return file;
  }

  private LinkgateConfig.Clicks clicks(ConfigNode n) {
    Duration flush = n.duration("flushInterval", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(10));
    String durabilityText = n.string("durability", "buffered");
    LinkgateConfig.Durability durability;
    switch (durabilityText) {
      case "buffered" -> durability = LinkgateConfig.Durability.BUFFERED;
      case "strict" -> durability = LinkgateConfig.Durability.STRICT;
      default -> {
        n.problem("durability", "\"" + durabilityText + "\" is not a durability; use buffered or strict");
        durability = LinkgateConfig.Durability.BUFFERED;
      }
    }
    int maxPending = n.integer("maxPending", 1_000_000, 1000, 100_000_000);
    n.finish();
    return new LinkgateConfig.Clicks(flush, durability, maxPending);
  }

  private LinkgateConfig.Limits limits(ConfigNode n) {
    LinkgateConfig.Rate perIp = rate(n.section("perIp"));
    LinkgateConfig.Rate perReader = rate(n.section("perReader"));
    int maxTracked = n.integer("maxTracked", 100_000, 100, 100_000_000);
    n.finish();
    return new LinkgateConfig.Limits(perIp, perReader, maxTracked);
  }

  /** {@code rate: N/s|N/m|N/h} and {@code burst: B} (default N); null when the section is absent. */
  private static LinkgateConfig.Rate rate(ConfigNode n) {
    boolean present = n.has("rate") || n.has("burst");
    String text = n.string("rate");
    if (!present) {
      n.finish();
      return null;
    }
    LinkgateConfig.Rate rate = null;
    if (text == null) {
      n.problem("rate", "is required when the limit is configured; write it like 20/s, 30/m or 500/h");
    } else {
      java.util.regex.Matcher m = RATE.matcher(text.strip());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0 || Long.parseLong(m.group(1)) > 1_000_000) {
        n.problem("rate", "\"" + text + "\" is not a rate; write requests per second, minute or hour"
            + " like 20/s, 30/m or 500/h (a whole number from 1 to 1000000)");
      } else {
        long count = Long.parseLong(m.group(1));
        Duration per = switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(1);
          case "m" -> Duration.ofMinutes(1);
          default -> Duration.ofHours(1);
        };
        int burst = n.integer("burst", (int) Math.min(count, 1_000_000), 1, 1_000_000);
        rate = new LinkgateConfig.Rate(count, per, burst);
      }
    }
    n.finish();
    return rate;
  }

  private static LinkgateConfig.Redirect redirect(ConfigNode n) {
    List<String> hosts = new ArrayList<>();
    List<Object> items = n.list("allowedHosts");
    for (int i = 0; i < items.size(); i++) {
      String item = n.itemString("allowedHosts", i, items.get(i));
      if (item == null) {
        continue;
      }
      String pattern = item.strip().toLowerCase(Locale.ROOT);
      String problem = hostPatternProblem(pattern);
      if (problem != null) {
        n.problem("allowedHosts[" + i + "]", "\"" + item + "\" " + problem);
      } else {
        hosts.add(pattern);
      }
    }
    n.finish();
    return new LinkgateConfig.Redirect(List.copyOf(hosts));
  }

  /**
   * Null when {@code pattern} (lower-cased) is an exact host or {@code *.suffix}: an ASCII DNS name
   * (IDN in its xn-- form), an IPv4 address in dotted decimal or an IPv6 address in brackets.
   */
  static String hostPatternProblem(String pattern) {
    String hint = "; write an exact host (news.example.com), *.example.com for its subdomains,"
        + " 192.0.2.1 or [2001:db8::1]";
    if (pattern.isEmpty()) {
      return "is empty" + hint;
    }
    boolean wildcard = pattern.startsWith("*.");
    String host = wildcard ? pattern.substring(2) : pattern;
    if (host.startsWith("[") && host.endsWith("]")) {
      if (wildcard) {
        return "puts a wildcard before an IP address" + hint;
      }
      try {
        if (Cidr.parse(host.substring(1, host.length() - 1)).network().length == 16
            && host.indexOf('/') < 0) {
          return null;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      return "is not a valid IPv6 address" + hint;
    }
    if (IPV4_HOST.matcher(host).matches()) {
      try {
        Cidr.parse(host);
      } catch (IllegalArgumentException e) {
        return "is not a valid IPv4 address" + hint;
      }
      return wildcard ? "puts a wildcard before an IP address" + hint : null;
    }
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) > 0x7E) {
        return "is not ASCII; write an international name in its xn-- form (as a browser shows it)" + hint;
      }
    }
    if (host.length() > 253 || !DNS_NAME.matcher(host).matches()) {
      return "is not a host name" + hint;
    }
    return null;
  }

  /** An absolute http(s) URL with a host, no user info, no fragment; null (and a problem) otherwise. */
  private URI url(ConfigNode n, String key, String hint, boolean baseOnly) {
    String text = n.required(key, hint);
    if (text == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      n.problem(key, "\"" + text + "\" is not a valid URL (" + e.getReason() + "); " + hint);
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      n.problem(key, "\"" + text + "\" is not an absolute http(s) URL with a host; " + hint);
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      n.problem(key, "must not contain user info (user:password@)");
      return null;
    }
    if (baseOnly) {
      if (uri.getRawFragment() != null) {
        n.problem(key, "must not contain a fragment (#...); " + hint);
        return null;
      }
      if (uri.getRawQuery() != null) {
        n.problem(key, "must not contain a query (?...); " + hint);
        return null;
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }
    return uri;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
