package linkgate.config;

import io.vertx.pgclient.PgConnectOptions;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@code store.postgres.uri} with the parser of the PostgreSQL client that will use it
 * (Vert.x {@code PgConnectOptions.fromUri}), so that {@code check-config} refuses what start-up
 * would, and shows a URI in messages with its password masked.
 */
final class PostgresUri {
  /** The sslmode values of libpq, which the client reads too. */
  static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private static final Pattern SSL_MODE = Pattern.compile("[?&]sslmode=([^&]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\"\\s]*");

  private PostgresUri() {}

  /**
   * The uri's sslmode, {@code disable} when it names none (the client's default).
   *
   * @throws IllegalArgumentException with a message that never holds the password
   */
  static String sslMode(String uri) {
    if (!uri.startsWith("postgresql://") && !uri.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "must start with postgresql://, e.g. postgresql://user:password@host:5432/database");
    }
    Matcher mode = SSL_MODE.matcher(uri);
    String sslMode = mode.find() ? mode.group(1).toLowerCase(Locale.ROOT) : "disable";
    if (!SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException("sslmode=" + mode.group(1) + " is not an sslmode; use one of "
          + String.join(", ", SSL_MODES));
    }
    try {
      PgConnectOptions.fromUri(uri);
    } catch (IllegalArgumentException e) {
      String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      throw new IllegalArgumentException("\"" + masked(uri) + "\" is not a valid connection URI ("
          + masked(String.valueOf(reason)) + "); write it like postgresql://user:password@host:5432/database,"
          + " and percent-encode every character of the user name and password other than letters, digits"
          + " and - . _ ~ (e.g. + as %2B, / as %2F, = as %3D, @ as %40)");
    }
    int query = uri.indexOf('?');
    if (query >= 0) {
      for (String parameter : uri.substring(query + 1).split("&")) {
        String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
        if (name.startsWith("ssl") && !name.equals("sslmode")) {
          throw new IllegalArgumentException("the parameter " + name + " is not read by linkgate's PostgreSQL"
              + " client; give the certificate to trust as store.postgres.tls.caFile and only sslmode in the uri");
        }
      }
    }
    return sslMode;
  }

  /** {@code uri} with the password (user info and a password parameter) replaced by ***. */
  static String masked(String uri) {
    String out = uri;
    int scheme = out.indexOf("://");
    int at = out.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      int colon = out.indexOf(':', scheme + 3);
      if (colon >= 0 && colon < at) {
        out = out.substring(0, colon + 1) + "***" + out.substring(at);
      }
    }
    return PASSWORD_PARAMETER.matcher(out).replaceAll("$1***");
  }
}
