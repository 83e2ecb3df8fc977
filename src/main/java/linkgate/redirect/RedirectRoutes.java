package linkgate.redirect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import linkgate.articles.Article;
import linkgate.articles.ArticleCatalog;
import linkgate.auth.Credentials;
import linkgate.auth.Rejection;
import linkgate.auth.Session;
import linkgate.auth.Verdict;
import linkgate.clicks.ClickRecorder;
import linkgate.config.LinkgateConfig;
import linkgate.http.Accepts;
import linkgate.http.FastPath;
import linkgate.http.ApiError;
import linkgate.http.HtmlPage;
import linkgate.http.Json;
import linkgate.http.Routes;

/**
 * {@code GET|HEAD /go/{id}}: the hot path. The session is checked first, so an anonymous visitor
 * learns nothing about which ids exist; a valid session with a cached article costs no I/O, no
 * signature check and one enqueue. Redirects are 302, never 301/308, which browsers would cache,
 * skipping the check and the count.
 *
 * <p>Order of checks, cheapest and least trusting first: the per-client limit (before any token is
 * read), the id's syntax, the session, the per-reader limit (by the verified {@code sub}), then the
 * article. A request refused by a limit is neither a click nor a blocked attempt. Anonymous
 * browsers pass the login-loop guard ({@link LoopGuard}) before being sent to the login page.
 */
public final class RedirectRoutes implements Routes, FastPath {
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence ROBOTS = HttpHeaders.createOptimized("X-Robots-Tag");
  private static final CharSequence NOINDEX = HttpHeaders.createOptimized("noindex");
  private static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");
  private static final CharSequence BEARER = HttpHeaders.createOptimized("Bearer realm=\"linkgate\"");
  private static final CharSequence BEARER_INVALID =
      HttpHeaders.createOptimized("Bearer realm=\"linkgate\", error=\"invalid_token\"");
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
  // Looked up on every counted click: names made once, with their hashes computed once.
  private static final CharSequence SEC_PURPOSE = HttpHeaders.createOptimized("Sec-Purpose");
  private static final CharSequence PURPOSE = HttpHeaders.createOptimized("Purpose");
  private static final CharSequence X_MOZ = HttpHeaders.createOptimized("X-Moz");

  private final Credentials credentials;
  private final ArticleCatalog catalog;
  private final ClickRecorder clicks;
  private final LoginRedirect login;
  private final LoopGuard loop;
  private final AbuseLimits limits;
  private final Counter redirected;
  private final Counter toLogin;
  private final Counter unauthenticated;
  private final Counter notFound;
  private final Counter gone;
  private final Counter unavailable;
  private final Counter rateLimited;
  private final Counter loopStopped;

  /** {@code config} gives the login URL, the loop guard's cookie attributes and the limits. */
  public RedirectRoutes(
      Credentials credentials, ArticleCatalog catalog, ClickRecorder clicks, LinkgateConfig config,
      Clock clock, MeterRegistry metrics) {
    this.credentials = credentials;
    this.catalog = catalog;
    this.clicks = clicks;
    this.login = new LoginRedirect(config);
    this.loop = new LoopGuard(config, clock);
    this.limits = AbuseLimits.of(config, clock);
    this.redirected = outcome(metrics, "redirect");
    this.toLogin = outcome(metrics, "login");
    this.unauthenticated = outcome(metrics, "unauthenticated");
    this.notFound = outcome(metrics, "not_found");
    this.gone = outcome(metrics, "gone");
    this.unavailable = outcome(metrics, "store_unavailable");
    this.rateLimited = outcome(metrics, "rate_limited");
    this.loopStopped = outcome(metrics, "login_loop");
  }

  private static Counter outcome(MeterRegistry metrics, String outcome) {
    return Counter.builder("linkgate.redirects").description("Answers on /go/ by outcome")
        .tag("outcome", outcome).register(metrics);
  }

  /**
   * One route for everything under {@code /go/}, without a path parameter: Vert.x decodes the
   * query string to fill path parameters, and the redirect must not depend on the query at all
   * (a malformed one such as {@code ?%zz} would otherwise be a 400 on this route but not on the
   * fast path). The id is the rest of the path ({@link #id}).
   */
  @Override
  public void mount(Router router) {
    router.route("/go/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::redirect);
  }

  /**
   * The article id of a request routed here: exactly what follows {@code /go/} in the request's
   * path, with percent-encoded unreserved characters decoded ({@code /go/%61%31} is {@code a1},
   * RFC 3986 §6.2.2.2: the id alphabet is unreserved characters only). Nothing else is normalized:
   * {@code a1/}, {@code /a1}, {@code x/../a1} or an encoded reserved character ({@code a%2F1}) is
   * no id ({@link Article#validId}) and answers 404, on this route as on the fast path.
   */
  private static String id(String path) {
    if (path == null || path.length() < 4) {
      return "";
    }
    String raw = path.substring(4);
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    StringBuilder id = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        id.append(c);
        continue;
      }
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        return ""; // a broken escape
      }
      // Decoded as it is: a reserved or non-ASCII character then fails Article.validId, the one check.
      id.append((char) (hi * 16 + lo));
      i += 2;
    }
    return id.toString();
  }

  /**
   * The common redirect without the router: a GET or HEAD of a valid id, carrying a valid session
   * (cached, or a first-seen token verified here: signature checks are CPU only), for a cached
   * enabled article, in buffered mode, with no rate limit
   * and no login-loop cookie to clear. Anything else (or any doubt) goes to the router, where
   * {@link #redirect} handles every case; nothing is counted or changed before this decides.
   */
  @Override
  public boolean answer(HttpServerRequest request) {
    HttpMethod method = request.method();
    if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || limits != AbuseLimits.OFF || clicks.strict()) {
      return false;
    }
    String path = request.path();
    if (path == null || !path.startsWith("/go/")) {
      return false;
    }
    String id = path.substring(4);
    if (!Article.validId(id)) {
      return false; // includes percent-encoded ids: the router decodes them
    }
    Session session = credentials.validSession(request);
    if (session == null || loop.present(request)) {
      return false;
    }
    Article article = catalog.cached(id);
    if (article == null || article == ArticleCatalog.MISSING || !article.enabled()) {
      return false;
    }
    if (counts(request)) {
      clicks.click(article.id(), session.sub());
    }
    send(request.response(), article.url());
    return true;
  }

  private void redirect(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long wait = limits.client(request);
    if (wait > 0) {
      limited(ctx, wait);
      return;
    }
    String id = id(request.path());
    if (!Article.validId(id)) {
      notFound.increment();
      ctx.fail(ApiError.notFound("No article has this id"));
      return;
    }
    Verdict verdict = credentials.session(request);
    if (credentials.mayRefetch(verdict)) {
      // A kid no key has: perhaps the identity provider has just rotated its key. Wait for the
      // (rate-limited, shared) JWKS refetch, then check again. The hot path above never waits.
      credentials.refetchKeys().onComplete(x -> {
        if (!ctx.response().ended()) { // http.requestTimeout may have answered meanwhile
          proceed(ctx, id, credentials.session(request));
        }
      });
      return;
    }
    proceed(ctx, id, verdict);
  }

  private void proceed(RoutingContext ctx, String id, Verdict verdict) {
    if (!(verdict instanceof Session session)) {
      anonymous(ctx, id, (Rejection) verdict);
      return;
    }
    if (loop.present(ctx.request())) {
      ctx.response().putHeader(HttpHeaders.SET_COOKIE, loop.clearCookie());
    }
    long wait = limits.reader(session.sub());
    if (wait > 0) {
      limited(ctx, wait);
      return;
    }
    Article cached = catalog.cached(id);
    if (cached != null) {
      answer(ctx, session, cached);
      return;
    }
    catalog.find(id).onComplete(found -> {
      if (ctx.response().ended()) {
        return; // http.requestTimeout answered already
      }
      if (found.succeeded()) {
        answer(ctx, session, found.result());
      } else {
        unavailable.increment();
        ctx.fail(ApiError.storeUnavailable());
      }
    });
  }

  private void answer(RoutingContext ctx, Session session, Article article) {
    if (article == ArticleCatalog.MISSING) {
      notFound.increment();
      ctx.fail(ApiError.notFound("No article has this id"));
      return;
    }
    if (!article.enabled()) {
      gone.increment();
      ctx.fail(new ApiError(410, "gone", "This article's link has been disabled"));
      return;
    }
    if (!counts(ctx.request())) {
      send(ctx.response(), article.url());
    } else if (clicks.strict()) {
      clicks.commit(article.id(), session.sub()).onComplete(stored -> {
        if (ctx.response().ended()) {
          return; // http.requestTimeout answered already
        }
        if (stored.succeeded()) {
          send(ctx.response(), article.url());
        } else {
          unavailable.increment();
          ctx.fail(ApiError.storeUnavailable());
        }
      });
    } else {
      clicks.click(article.id(), session.sub());
      send(ctx.response(), article.url());
    }
  }

  private void send(HttpServerResponse response, String location) {
    redirected.increment();
    found(response, location).end();
  }

  private static HttpServerResponse found(HttpServerResponse response, String location) {
    return response
        .setStatusCode(302)
        .putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .putHeader(REFERRER_POLICY, NO_REFERRER)
        .putHeader(ROBOTS, NOINDEX);
  }

  private void anonymous(RoutingContext ctx, String id, Rejection why) {
    HttpServerRequest request = ctx.request();
    if (counts(request) && !Bots.isBot(request.getHeader(HttpHeaders.USER_AGENT))) {
      clicks.blocked(id); // counted at write time only if the article exists
    }
    if (Accepts.html(request.headers())) {
      // HEAD and prefetches answer as GET would (the 401 page once the guard has stopped the
      // loop) but, not being navigations, do not advance the guard.
      int trips = loop.roundTrips(request, id);
      if (trips >= LoopGuard.MAX_ROUND_TRIPS) {
        loopStopped.increment();
        ctx.response().putHeader(WWW_AUTHENTICATE, why == Rejection.NO_CREDENTIALS ? BEARER : BEARER_INVALID);
        HtmlPage.send(ctx.response(), 401, "Sign-in did not reach linkgate", LoopGuard.explanation(why));
        return;
      }
      if (counts(request)) {
        ctx.response().putHeader(HttpHeaders.SET_COOKIE, loop.next(id, trips));
      }
      toLogin.increment();
      found(ctx.response(), login.to(id)).end();
      return;
    }
    unauthenticated.increment();
    // RFC 6750 §3: say that a token was presented but refused, never why.
    ctx.response().putHeader(WWW_AUTHENTICATE,
        why == Rejection.NO_CREDENTIALS ? BEARER : BEARER_INVALID);
    Json.send(ctx.response(), 401, Json.error("unauthenticated",
        "Sign in to follow this link: send the session cookie or an Authorization: Bearer token"));
  }

  /** 429 with Retry-After; JSON, or the HTML page for browsers (by the failure handler). */
  private void limited(RoutingContext ctx, long seconds) {
    rateLimited.increment();
    ctx.response().putHeader(RETRY_AFTER, Long.toString(seconds));
    ctx.fail(new ApiError(429, "rate_limited",
        "Too many requests; try again in " + seconds + (seconds == 1 ? " second" : " seconds")));
  }

  /** GET counts; HEAD and prefetches (Sec-Purpose / Purpose: prefetch) are answered, not counted. */
  private static boolean counts(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      return false;
    }
    String purpose = request.getHeader(SEC_PURPOSE);
    if (purpose == null) {
      purpose = request.getHeader(PURPOSE);
    }
    if (purpose == null) {
      purpose = request.getHeader(X_MOZ);
    }
    return purpose == null || !purpose.toLowerCase(java.util.Locale.ROOT).contains("prefetch");
  }
}
