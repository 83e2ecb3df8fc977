package linkgate;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import linkgate.articles.ArticleCatalog;
import linkgate.articles.ArticleChange;
import linkgate.auth.TokenMinter;
import linkgate.config.LinkgateConfig;

/** What {@code demo: true} adds: a few articles on first start, and tokens to try them with. */
final class Demo {
  /** The seed articles, created when missing (an admin's edits are never overwritten). */
  static final List<ArticleChange> ARTICLES = List.of(
      new ArticleChange("karpathy-anthropic",
          "https://www.example.com/ai/karpathy-move-to-anthropic-ai-battlefield",
          "Why Andrej Karpathy's Move to Anthropic Could Redraw the AI Battlefield", true, true),
      new ArticleChange("jwt-rfc", "https://www.rfc-editor.org/rfc/rfc7519",
          "RFC 7519: JSON Web Token (JWT)", true, true),
      new ArticleChange("open-redirects",
          "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
          "OWASP: Unvalidated Redirects and Forwards", true, true),
      new ArticleChange("vertx-docs", "https://vertx.io/docs/", "Eclipse Vert.x documentation", true, true));

  private static final Duration TOKEN_TTL = Duration.ofHours(12);

  private Demo() {}

  static Future<Void> seed(ArticleCatalog catalog, Clock clock) {
    Future<Void> chain = Future.succeededFuture();
    for (ArticleChange article : ARTICLES) {
      chain = chain.compose(x -> catalog.load(article.id())).compose(found -> found.isPresent()
          ? Future.succeededFuture()
          : catalog.save(article, clock.millis()).mapEmpty());
    }
    return chain;
  }

  static void announce(LinkgateConfig config, Gateway gateway, PrintStream out) {
    TokenMinter minter = new TokenMinter(config, Clock.systemUTC());
    String reader = minter.mint("demo-reader", null, TOKEN_TTL);
    String admin = minter.mint("demo-admin", config.admin().role(), TOKEN_TTL);
    String base = "http://localhost:" + gateway.port();
    out.println();
    out.println("linkgate demo is running on " + base + " (demo: true; never use this configuration in production)");
    out.println();
    out.println("reader token (12 h):");
    out.println(reader);
    out.println();
    out.println("admin token (12 h):");
    out.println(admin);
    out.println();
    out.println("try it:");
    out.println("curl -i -H 'Authorization: Bearer " + reader + "' " + base + "/go/karpathy-anthropic");
    out.println();
    out.println("admin API: curl -H 'Authorization: Bearer " + admin + "' " + base + "/admin/api/articles");
    out.println();
    out.flush();
  }
}
