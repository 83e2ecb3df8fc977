package linkgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole validated configuration, immutable. Built once by {@link ConfigLoader} and handed
 * down through constructors; handlers never read raw YAML.
 */
public record LinkgateConfig(
    boolean demo, Http http, Session session, Admin admin, Store store, Clicks clicks,
    Limits limits, Redirect redirect) {

  /**
   * The {@code http} section. {@code managementPort} is {@code null} when unset;
   * {@code managementHost} is where it listens ({@code host} unless set);
   * {@code maxConnections} 0 means no cap.
   */
  public record Http(
      String host,
      int port,
      URI publicBaseUrl,
      List<Cidr> trustedProxies,
      Integer managementPort,
      String managementHost,
      int instances,
      int maxHeaderSize,
      int maxBodySize,
      Duration idleTimeout,
      Duration requestTimeout,
      int maxConnections) {

    /** Origin of {@link #publicBaseUrl()}, e.g. {@code https://go.example.com}, for CSRF checks. */
    /**
     * The origin of {@code publicBaseUrl} as browsers serialize it in {@code Origin} (RFC 6454
     * §6.2): scheme and host in lower case, the host in its ASCII form, no default port
     * ({@code https://Go.Example.com:443/x} is {@code https://go.example.com}).
     */
    public String publicOrigin() {
      String scheme = publicBaseUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
      String host = java.net.IDN.toASCII(publicBaseUrl.getHost()).toLowerCase(java.util.Locale.ROOT);
      int port = publicBaseUrl.getPort();
      boolean defaultPort = port == -1 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
      return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
  }

  /**
   * The {@code session} section. {@code issuer}, {@code audience}, {@code jwksUri} and
   * {@code maxAge} may be null; {@code jwks} always holds the JWKS timings (defaults when unset).
   */
  public record Session(
      String cookieName,
      boolean acceptBearer,
      String issuer,
      String audience,
      Duration clockSkew,
      List<KeyConfig> keys,
      URI jwksUri,
      URI loginUrl,
      String returnToParam,
      int cacheSize,
      Duration maxAge,
      Jwks jwks) {

    /** This section with other keys: a reload changes nothing else. */
    public Session withKeys(List<KeyConfig> newKeys) {
      return new Session(cookieName, acceptBearer, issuer, audience, clockSkew, List.copyOf(newKeys),
          jwksUri, loginUrl, returnToParam, cacheSize, maxAge, jwks);
    }
  }

  /**
   * How the JWKS at {@code session.jwksUri} is kept fresh.
   *
   * @param refresh refresh interval when the answer carries no {@code Cache-Control: max-age}
   * @param refreshMin floor on {@code max-age}, and the longest wait between retries after a failure
   * @param refreshMax ceiling on {@code max-age}
   * @param maxStale how long the last good keys are used while fetches fail; then JWKS-signed
   *     tokens are refused and {@code /readyz} answers 503
   * @param unknownKidInterval shortest time between two fetches triggered by a token's unknown kid
   */
  public record Jwks(
      Duration refresh, Duration refreshMin, Duration refreshMax, Duration maxStale, Duration unknownKidInterval) {}

  /**
   * One verification key. {@code key} is the ready JCA key: a {@code SecretKey} for HS*, a
   * {@code PublicKey} for the others. {@code kid} may be null. {@code source} says where it came
   * from: for a key of {@code session.keys} with a public key, the {@code publicKeyFile} as
   * written; for an HMAC key, the config key holding the secret; for a JWKS key, the JWKS address.
   */
  public record KeyConfig(String kid, String alg, java.security.Key key, String source) {}

  /** The {@code admin} section. {@code apiKeys} holds the configured sha256 digests (32 bytes). */
  public record Admin(String rolesClaim, String role, List<ApiKey> apiKeys) {}

  /** A static admin API key: the sha256 of the key and a name for audit logs. */
  public record ApiKey(String name, byte[] sha256) {}

  /** Store kinds. */
  public enum StoreType {
    EMBEDDED,
    POSTGRES
  }

  /** The {@code store} section; {@code postgres} is null for the embedded store. */
  public record Store(StoreType type, Path path, Postgres postgres) {}

  /**
   * {@code store.postgres}. The uri is checked and holds the sslmode; {@code caFile} is
   * {@code store.postgres.tls.caFile}, a checked PEM file of the certificates to trust, or null
   * (then verify-full trusts the JVM's CAs).
   */
  public record Postgres(String uri, int poolSize, Path caFile) {
    /** No certificate file of its own. */
    public Postgres(String uri, int poolSize) {
      this(uri, poolSize, null);
    }
  }

  /** Click durability modes; see the contract's Reliability section. */
  public enum Durability {
    BUFFERED,
    STRICT
  }

  /** The {@code clicks} section. */
  public record Clicks(Duration flushInterval, Durability durability, int maxPending) {}

  /**
   * A token-bucket rate: {@code burst} requests at once, then one more every {@code per / count}.
   * Written {@code rate: 20/s, burst: 100} in the file.
   */
  public record Rate(long count, Duration per, int burst) {
    /** Nanoseconds between two requests at the sustained rate (at least 1). */
    public long intervalNanos() {
      return Math.max(1, per.toNanos() / count);
    }
  }

  /**
   * The {@code limits} section: per-client-IP and per-reader limits on {@code /go/}; either is
   * null when not configured (off). {@code maxTracked} bounds the buckets kept per limit.
   */
  public record Limits(Rate perIp, Rate perReader, int maxTracked) {}

  /**
   * The {@code redirect} section. {@code allowedHosts}: lower-case patterns, an exact host or
   * {@code *.suffix}; empty means every host is allowed.
   */
  public record Redirect(List<String> allowedHosts) {}
}
