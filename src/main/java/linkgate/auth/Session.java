package linkgate.auth;

/**
 * A verified session. Immutable and cached: one instance serves every request that carries the
 * same token until the token expires.
 *
 * @param sub the token's subject, the reader's identity
 * @param admin whether the roles claim holds the configured admin role
 * @param expiresAtMillis the token's {@code exp} in epoch milliseconds
 * @param issuedAtMillis the token's {@code iat} in epoch milliseconds, or {@code -1}
 */
public record Session(String sub, boolean admin, long expiresAtMillis, long issuedAtMillis)
    implements Verdict {}
