package linkgate.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import linkgate.http.Accepts;
import linkgate.http.ApiError;
import linkgate.http.HtmlPage;
import linkgate.http.Routes;

/**
 * The admin dashboard: one HTML page at {@code /admin/} that reads the admin API with the session
 * cookie, and the files it loads.
 *
 * <ul>
 *   <li>{@code GET /admin/}: the page, for the same credentials as the admin API
 *       ({@link AdminGuard#admit}). A browser without a valid session is sent to the login page
 *       ({@code 302}, {@code return_to=<publicBaseUrl>/admin/}); a valid session without the admin
 *       role gets a {@code 403} HTML page (under {@link #FORBIDDEN_CSP}, with the dashboard's style
 *       sheet and a link to the login page to sign in with another account). Clients that do not ask for {@code text/html} get the
 *       API's JSON {@code 401}/{@code 403} instead, as on {@code /go/}.
 *   <li>{@code GET /admin}: {@code 302} to {@code /admin/}.
 *   <li>{@code GET /admin/assets/*}: the page's JavaScript modules and CSS, from the class path
 *       folder {@code dashboard/assets}; {@code GET /webjars/*}: uPlot from its webjar. Both are
 *       served <em>without</em> a session check: they are the same for everyone and hold no data
 *       (every number comes from the admin API, which checks every call).
 * </ul>
 *
 * <p>The page runs under a strict {@link #CSP}: scripts and styles only from files of this origin,
 * no inline script or style, no {@code eval}, API calls only to this origin. It is never cached
 * ({@code Cache-Control: no-store}): whether it may be shown depends on the session.
 *
 * <p>Thread-safe. The page is read from the class path once, when this is built.
 */
public final class DashboardRoutes implements Routes {
  /** The dashboard page's policy: nothing inline, nothing from elsewhere (OWASP CSP cheat sheet). */
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self';"
      + " frame-ancestors 'none'";

  /**
   * The 403 page's policy: text and the dashboard's style sheet, nothing else (no script, no
   * inline style, no forms, no frames).
   */
  public static final String FORBIDDEN_CSP = "default-src 'none'; style-src 'self'; base-uri 'none';"
      + " form-action 'none'; frame-ancestors 'none'";

  private static final String PAGE = "dashboard/index.html";

  private final AdminGuard guard;
  private final String loginUrl;
  private final Buffer page;
  private final Buffer forbidden;

  /**
   * @param loginUrl where a browser without a valid session goes: the site's login page with
   *     {@code return_to} set to the dashboard (see {@code LoginRedirect#toDashboard})
   */
  public DashboardRoutes(AdminGuard guard, String loginUrl) {
    this.guard = guard;
    this.loginUrl = loginUrl;
    this.page = resource(PAGE);
    this.forbidden = forbiddenPage(loginUrl);
  }

  @Override
  public void mount(Router router) {
    // This route matches "/admin" and "/admin/" alike: the path tells them apart.
    router.get("/admin").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        page(ctx);
      } else {
        // Relative, so that it also holds behind a proxy that serves linkgate under a path prefix.
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "admin/")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
      }
    });
    // Our own files change with each release under the same name: revalidate on every use.
    router.route("/admin/assets/*").handler(ctx -> assetHeaders(ctx, "no-cache"));
    router.route("/admin/assets/*").handler(StaticHandler.create("dashboard/assets")
        .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false));
    // Webjar paths carry the library's version, so a day's caching is safe.
    router.route("/webjars/*").handler(ctx -> assetHeaders(ctx, null));
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
        .setDirectoryListing(false).setIncludeHidden(false));
  }

  private void page(RoutingContext ctx) {
    HttpServerResponse response = ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    try {
      guard.admit(ctx.request());
    } catch (ApiError refused) {
      refuse(ctx, refused);
      return;
    }
    HtmlPage.secure(response, CSP)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .end(page);
  }

  private void refuse(RoutingContext ctx, ApiError refused) {
    if (!Accepts.html(ctx.request().headers())) {
      ctx.fail(refused);
      return;
    }
    HttpServerResponse response = ctx.response();
    if (refused.status() == 401) {
      // The target is fixed (<publicBaseUrl>/admin/): nothing from the request steers the return.
      response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, loginUrl).end();
    } else {
      HtmlPage.secure(response, FORBIDDEN_CSP).setStatusCode(refused.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
          .end(forbidden);
    }
  }

  /**
   * The page for a session without the admin role, styled by the dashboard's style sheet (a
   * relative link: the page is only served at {@code /admin/}), with a link to sign in with
   * another account: the login URL returning to the dashboard.
   */
  private static Buffer forbiddenPage(String loginUrl) {
    return Buffer.buffer("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><title>Admins only · linkgate</title>"
        + "<link rel=\"stylesheet\" href=\"assets/dashboard.css\"></head>\n<body>"
        + "<header class=\"top\"><span class=\"brand\">linkgate</span></header>\n"
        + "<main class=\"view\"><div class=\"card page\">"
        + "<h1>Admins only</h1>"
        + "<p>You are signed in, but your session does not have the admin role, which the linkgate"
        + " dashboard needs. Sign in with an admin account, or ask an administrator for access.</p>"
        + "<p><a class=\"button\" id=\"sign-in\" href=\"" + HtmlPage.escape(loginUrl) + "\">"
        + "Sign in with another account</a></p>"
        + "</div></main>\n</body></html>\n");
  }

  private static void assetHeaders(RoutingContext ctx, String cacheControl) {
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    if (cacheControl != null) {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    }
    ctx.next();
  }

  private static Buffer resource(String name) {
    try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path; rebuild the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
