package linkgate.auth;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import linkgate.config.LinkgateConfig;

/**
 * Mints session tokens with the configured HS key, for the {@code token} command, the demo and
 * tests. Tokens carry what the verifier expects: sub, iat, exp, iss and aud when configured, and
 * the roles claim (nested when {@code admin.rolesClaim} is a JSON Pointer).
 */
public final class TokenMinter {
  /** Longest ttl the command mints: a minted token is a credential, so keep it short-lived. */
  public static final Duration MAX_TTL = Duration.ofDays(7);

  private final LinkgateConfig config;
  private final LinkgateConfig.KeyConfig key;
  private final Clock clock;

  /** @throws IllegalStateException when no HS key is configured */
  public TokenMinter(LinkgateConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.key = config.session().keys().stream()
        .filter(k -> k.key() instanceof SecretKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "no HS256/HS384/HS512 key in session.keys: linkgate can only mint tokens with a shared secret"));
  }

  /** A token for {@code sub}, with {@code role} in the roles claim when not null. */
  public String mint(String sub, String role, Duration ttl) {
    Instant now = clock.instant();
    JwtBuilder builder = Jwts.builder()
        .subject(sub)
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)));
    if (key.kid() != null) {
      builder.header().keyId(key.kid()).and();
    }
    if (config.session().issuer() != null) {
      builder.issuer(config.session().issuer());
    }
    if (config.session().audience() != null) {
      builder.audience().add(config.session().audience()).and();
    }
    if (role != null) {
      String claim = config.admin().rolesClaim();
      if (claim.startsWith("/")) {
        String[] path = claim.substring(1).split("/");
        Object value = List.of(role);
        for (int i = path.length - 1; i > 0; i--) {
          Map<String, Object> wrap = new HashMap<>();
          wrap.put(unescape(path[i]), value);
          value = wrap;
        }
        builder.claim(unescape(path[0]), value);
      } else {
        builder.claim(claim, List.of(role));
      }
    }
    MacAlgorithm alg = (MacAlgorithm) Jwts.SIG.get().forKey(key.alg());
    return builder.signWith((SecretKey) key.key(), alg).compact();
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
