package linkgate.redirect;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import linkgate.config.LinkgateConfig;

/**
 * Builds the login URL for an anonymous reader: {@code loginUrl} with {@code returnToParam} set to
 * {@code <publicBaseUrl>/go/{id}} (or, for the admin dashboard, {@code <publicBaseUrl>/admin/}).
 * Only configuration and the validated id go in: never a request
 * header (Host, X-Forwarded-*) and never the request's query, so no one can steer where the
 * reader returns to. Thread-safe.
 */
public final class LoginRedirect {
  /** Where the dashboard lives, under {@code publicBaseUrl}. */
  public static final String DASHBOARD_PATH = "/admin/";

  private final String goBase;
  private final String dashboard;
  private final String prefix; // loginUrl up to and including "?" or "&" for our parameter
  private final String suffix; // the rest of loginUrl's query and its fragment
  private final String param;

  public LoginRedirect(LinkgateConfig config) {
    this.goBase = config.http().publicBaseUrl() + "/go/";
    this.dashboard = config.http().publicBaseUrl() + DASHBOARD_PATH;
    this.param = config.session().returnToParam();
    String login = config.session().loginUrl().toString();
    String fragment = "";
    int hash = login.indexOf('#');
    if (hash >= 0) {
      fragment = login.substring(hash);
      login = login.substring(0, hash);
    }
    int q = login.indexOf('?');
    String base = q < 0 ? login : login.substring(0, q);
    StringBuilder kept = new StringBuilder();
    if (q >= 0) {
      for (String pair : login.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (!name.equals(param)) { // replaced by ours
          kept.append(pair).append('&');
        }
      }
    }
    this.prefix = base + "?" + kept + URLEncoder.encode(param, StandardCharsets.UTF_8) + "=";
    this.suffix = fragment;
  }

  /** The login URL that returns the reader to {@code /go/{articleId}} (id already validated). */
  public String to(String articleId) {
    return returningTo(goBase + articleId);
  }

  /**
   * The login URL that returns the admin to the dashboard, {@code <publicBaseUrl>/admin/}: a fixed
   * target, so nothing from the request (such as an article page's fragment) steers the return.
   */
  public String toDashboard() {
    return returningTo(dashboard);
  }

  private String returningTo(String target) {
    return prefix + URLEncoder.encode(target, StandardCharsets.UTF_8) + suffix;
  }

  /** The link a reader returns to, e.g. for HTML pages. */
  public String returnTarget(String articleId) {
    return goBase + articleId;
  }
}
