package linkgate.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Small self-contained HTML pages for browsers (errors on /go/), with the security headers. */
public final class HtmlPage {
  /** No script, no style, no frames, no forms, no base: the page is text (OWASP secure headers). */
  public static final String CSP =
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private HtmlPage() {}

  /** Adds the headers every HTML answer carries. */
  public static HttpServerResponse secure(HttpServerResponse response) {
    return secure(response, CSP);
  }

  /** The same headers with another {@code Content-Security-Policy} (a page that runs script). */
  public static HttpServerResponse secure(HttpServerResponse response, String csp) {
    return response
        .putHeader("Content-Security-Policy", csp)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer");
  }

  /** Sends a page with a heading and one paragraph; both are escaped. */
  public static Future<Void> send(HttpServerResponse response, int status, String heading, String text) {
    String body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><title>" + escape(heading) + "</title></head>"
        + "<body><h1>" + escape(heading) + "</h1><p>" + escape(text) + "</p></body></html>\n";
    return secure(response)
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
