package linkgate.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import linkgate.articles.AllowedHosts;
import linkgate.articles.Article;
import linkgate.articles.ArticleCatalog;
import linkgate.articles.ArticleChange;
import linkgate.articles.ArticleImport;
import linkgate.articles.ArticleInput;
import linkgate.articles.ArticleUrl;
import linkgate.articles.InvalidUrlException;
import linkgate.http.ApiError;
import linkgate.http.Json;
import linkgate.http.Replies;
import linkgate.http.Routes;

/** The admin article routes of the contract: PUT, GET, PATCH, DELETE, list and import. */
public final class ArticleAdminRoutes implements Routes {
  private static final String BASE = "/admin/api/articles";
  private static final Set<String> WRITABLE = Set.of("url", "title", "enabled");
  private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt");

  /** Ids named in one import's audit line at most; the count is always there. */
  private static final int AUDITED_IDS = 1000;

  private final ArticleCatalog catalog;
  private final Clock clock;
  private final AllowedHosts allowedHosts;

  public ArticleAdminRoutes(ArticleCatalog catalog, Clock clock) {
    this(catalog, clock, AllowedHosts.ANY);
  }

  /** With {@code redirect.allowedHosts}: URLs to other hosts are refused as {@code 400 invalid_url}. */
  public ArticleAdminRoutes(ArticleCatalog catalog, Clock clock, AllowedHosts allowedHosts) {
    this.catalog = catalog;
    this.clock = clock;
    this.allowedHosts = allowedHosts;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.post(BASE + "/import").handler(this::importMany);
    router.put(BASE + "/:id").handler(this::put);
    router.get(BASE + "/:id").handler(this::get);
    router.patch(BASE + "/:id").handler(this::patch);
    router.delete(BASE + "/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    int limit = Params.integer(ctx, "limit", 50, 1, 1000);
    String after = Params.text(ctx, "after");
    catalog.list(limit + 1, after == null || after.isEmpty() ? null : after).onComplete(Replies.on(ctx, found -> {
      boolean more = found.size() > limit;
      List<Article> page = more ? found.subList(0, limit) : found;
      JsonArray items = new JsonArray();
      page.forEach(a -> items.add(a.toJson()));
      Json.send(ctx.response(), 200, new JsonObject()
          .put("items", items)
          .put("next", more ? page.get(page.size() - 1).id() : null));
    }));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Article.validId(id)) {
      throw ApiError.notFound("No article has this id");
    }
    catalog.load(id).onComplete(Replies.on(ctx, found -> {
      if (found.isEmpty()) {
        ctx.fail(ApiError.notFound("No article has this id"));
      } else {
        Json.send(ctx.response(), 200, found.get().toJson());
      }
    }));
  }

  private void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String idProblem = ArticleInput.idProblem(id);
    if (idProblem != null) {
      throw ApiError.badRequest(idProblem);
    }
    JsonObject body = body(ctx);
    if (!body.containsKey("url")) {
      throw new ApiError(400, "invalid_url", "url is missing; send {\"url\": \"https://...\", \"title\": \"...\"}");
    }
    ArticleChange change = change(id, body, true);
    save(ctx, change, "article.put", body);
  }

  private void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Article.validId(id)) {
      throw ApiError.notFound("No article has this id");
    }
    JsonObject body = body(ctx);
    save(ctx, change(id, body, false), "article.patch", body);
  }

  private void save(RoutingContext ctx, ArticleChange change, String action, JsonObject body) {
    catalog.save(change, clock.millis()).onComplete(Replies.on(ctx, saved -> {
      if (saved.isEmpty()) {
        ctx.fail(ApiError.notFound("No article has this id"));
        return;
      }
      AuditLog.record(ctx.get(AdminGuard.ACTOR), action, change.id(), changed(saved.get(), body, change.replace()),
          clock.instant());
      Json.send(ctx.response(), 200, saved.get().toJson());
    }));
  }

  /**
   * For the audit line: the fields this request set, with the values stored (the canonical URL,
   * not the one submitted, so the log names where readers are sent). PUT sets url and title.
   */
  private static JsonObject changed(Article stored, JsonObject body, boolean replace) {
    JsonObject details = new JsonObject();
    if (replace || body.containsKey("url")) {
      details.put("url", stored.url());
    }
    if (replace || body.containsKey("title")) {
      details.put("title", stored.title());
    }
    if (body.containsKey("enabled")) {
      details.put("enabled", stored.enabled());
    }
    return details;
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Article.validId(id)) {
      throw ApiError.notFound("No article has this id");
    }
    catalog.delete(id).onComplete(Replies.on(ctx, existed -> {
      if (!existed) {
        ctx.fail(ApiError.notFound("No article has this id"));
        return;
      }
      AuditLog.record(ctx.get(AdminGuard.ACTOR), "article.delete", id, null, clock.instant());
      ctx.response().setStatusCode(204).end();
    }));
  }

  private void importMany(RoutingContext ctx) {
    String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    boolean csv = type.equals("text/csv");
    boolean ndjson = type.equals("application/x-ndjson") || type.equals("application/ndjson")
        || type.equals("application/jsonl");
    if (!csv && !ndjson) {
      throw new ApiError(415, "unsupported_media_type",
          "Send the import as text/csv (header id,url,title) or application/x-ndjson");
    }
    String text = utf8(ctx);
    ArticleImport.Parsed parsed =
        csv ? ArticleImport.csv(text, allowedHosts) : ArticleImport.ndjson(text, allowedHosts);
    catalog.saveAll(parsed.changes(), clock.millis()).onComplete(Replies.on(ctx, saved -> {
      JsonArray rejected = new JsonArray();
      parsed.rejected().forEach(r -> rejected.add(new JsonObject().put("line", r.line()).put("error", r.error())));
      JsonArray ids = new JsonArray();
      saved.stream().limit(AUDITED_IDS).forEach(a -> ids.add(a.id()));
      AuditLog.record(ctx.get(AdminGuard.ACTOR), "article.import", null,
          new JsonObject().put("imported", saved.size()).put("rejected", parsed.rejected().size())
              .put("ids", ids).put("idsTruncated", saved.size() > AUDITED_IDS),
          clock.instant());
      Json.send(ctx.response(), 200, new JsonObject().put("imported", saved.size()).put("rejected", rejected));
    }));
  }

  /** The JSON body of PUT/PATCH: an object holding only known fields. */
  private static JsonObject body(RoutingContext ctx) {
    String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    if (!type.isEmpty() && !type.equals("application/json") && !type.endsWith("+json")) {
      throw new ApiError(415, "unsupported_media_type", "Send the body as application/json");
    }
    JsonObject body = Json.object(ctx.body().buffer());
    for (String field : body.fieldNames()) {
      if (!WRITABLE.contains(field) && !READ_ONLY.contains(field)) {
        throw ApiError.badRequest("Unknown field \"" + field + "\"; allowed: url, title, enabled");
      }
    }
    return body;
  }

  private ArticleChange change(String id, JsonObject body, boolean replace) {
    Object bodyId = body.getValue("id");
    if (bodyId != null && !id.equals(bodyId)) {
      throw ApiError.badRequest("id in the body differs from the id in the path");
    }
    String url = null;
    if (body.containsKey("url")) {
      if (!(body.getValue("url") instanceof String raw)) {
        throw new ApiError(400, "invalid_url", "url must be a string");
      }
      try {
        url = ArticleUrl.canonical(raw);
        allowedHosts.check(url);
      } catch (InvalidUrlException e) {
        throw new ApiError(400, "invalid_url", e.getMessage());
      }
    }
    Object titleValue = body.getValue("title");
    if (titleValue != null && !(titleValue instanceof String)) {
      throw ApiError.badRequest("title must be a string");
    }
    String title = (String) titleValue;
    String titleProblem = ArticleInput.titleProblem(title);
    if (titleProblem != null) {
      throw ApiError.badRequest(titleProblem);
    }
    Object enabledValue = body.getValue("enabled");
    if (enabledValue != null && !(enabledValue instanceof Boolean)) {
      throw ApiError.badRequest("enabled must be true or false");
    }
    return new ArticleChange(id, url, title, (Boolean) enabledValue, replace);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  private static String utf8(RoutingContext ctx) {
    var buffer = ctx.body().buffer();
    if (buffer == null) {
      return "";
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buffer.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiError.badRequest("The body is not valid UTF-8");
    }
  }
}
