package linkgate.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import linkgate.auth.Credentials;
import linkgate.auth.Rejection;
import linkgate.auth.Session;
import linkgate.auth.Verdict;
import linkgate.config.LinkgateConfig;
import linkgate.http.ApiError;

/**
 * Lets admins into {@code /admin/api/}: an API key in {@code X-Api-Key}, or a session (Bearer or
 * cookie) whose roles hold the admin role. Any admin credential allows; else any valid session
 * means 403; else 401. A state-changing request allowed only by the cookie must carry an
 * {@code Origin} equal to the public origin, since browsers attach cookies to cross-site
 * requests (OWASP CSRF cheat sheet, "Verifying Origin with standard headers"). That is the
 * contract's rule, and the whole of it: no custom header is required as well (the dashboard sends
 * {@code X-Requested-With}, which is not looked at), so clients written from the contract work. A
 * missing {@code Origin} is refused too, never waved through.
 *
 * <p>Puts the acting admin's name in the context under {@link #ACTOR} for the audit log.
 */
public final class AdminGuard implements Handler<RoutingContext> {
  /** Context key of the acting admin: {@code sub:<sub>} or {@code api-key:<name>}. */
  public static final String ACTOR = "linkgate.actor";

  private final Credentials credentials;
  private final List<LinkgateConfig.ApiKey> apiKeys;
  private final String origin;

  public AdminGuard(Credentials credentials, LinkgateConfig config) {
    this.credentials = credentials;
    this.apiKeys = config.admin().apiKeys();
    this.origin = config.http().publicOrigin();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    LinkgateConfig.ApiKey key = apiKey(request);
    if (key != null) {
      proceed(ctx, "api-key:" + key.name());
      return;
    }
    Verdict bearer = credentials.adminBearer(request);
    Verdict cookie = isAdmin(bearer) ? Rejection.NO_CREDENTIALS : credentials.adminCookieSession(request);
    if (!isAdmin(bearer) && !isAdmin(cookie)
        && (credentials.mayRefetch(bearer) || credentials.mayRefetch(cookie))) {
      // A kid no key has: wait for the (rate-limited, shared) JWKS refetch, then decide again.
      // The body handler comes after this guard: hold the body until it runs.
      request.pause();
      credentials.refetchKeys().onComplete(x -> {
        String actor;
        try {
          actor = decide(request, credentials.adminBearer(request), credentials.adminCookieSession(request));
        } catch (ApiError e) {
          request.resume();
          ctx.fail(e);
          return;
        }
        proceed(ctx, actor);
      });
      return;
    }
    proceed(ctx, decide(request, bearer, cookie));
  }

  private static void proceed(RoutingContext ctx, String actor) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.put(ACTOR, actor);
    ctx.next();
  }

  /** The actor when the request may use the admin API; throws the 401/403 otherwise. */
  public String admit(HttpServerRequest request) {
    LinkgateConfig.ApiKey key = apiKey(request);
    if (key != null) {
      return "api-key:" + key.name();
    }
    Verdict bearer = credentials.adminBearer(request);
    return decide(request, bearer, isAdmin(bearer) ? Rejection.NO_CREDENTIALS : credentials.adminCookieSession(request));
  }

  private static boolean isAdmin(Verdict verdict) {
    return verdict instanceof Session s && s.admin();
  }

  /** The actor for these verdicts (API keys already checked); throws the 401/403 otherwise. */
  private String decide(HttpServerRequest request, Verdict bearer, Verdict cookie) {
    if (bearer instanceof Session s && s.admin()) {
      return "sub:" + s.sub();
    }
    if (cookie instanceof Session s && s.admin()) {
      if (changesState(request.method())) {
        List<String> origins = request.headers().getAll(HttpHeaders.ORIGIN);
        if (origins.size() != 1 || !origin.equals(origins.get(0))) { // one Origin, ours
          throw ApiError.forbidden("Cross-site request refused: a cookie-authenticated change must carry"
              + " an Origin header equal to " + origin);
        }
      }
      return "sub:" + s.sub();
    }
    if (bearer.valid() || cookie.valid()) {
      throw ApiError.forbidden("Your session does not have the admin role");
    }
    throw ApiError.unauthenticated("Sign in as an admin, send Authorization: Bearer, or an X-Api-Key");
  }

  private static boolean changesState(HttpMethod method) {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  /** The configured key matching one of the request's {@code X-Api-Key} headers, or null. */
  private LinkgateConfig.ApiKey apiKey(HttpServerRequest request) {
    if (apiKeys.isEmpty()) {
      return null;
    }
    for (String presented : request.headers().getAll("X-Api-Key")) {
      LinkgateConfig.ApiKey key = apiKey(presented);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  /** The configured key matching {@code presented}; every digest is compared in constant time. */
  private LinkgateConfig.ApiKey apiKey(String presented) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    LinkgateConfig.ApiKey match = null;
    for (LinkgateConfig.ApiKey key : apiKeys) {
      if (MessageDigest.isEqual(digest, key.sha256()) && match == null) {
        match = key; // no early exit: the time taken does not depend on which key matched
      }
    }
    return match;
  }
}
