package linkgate.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import linkgate.articles.Article;
import linkgate.http.ApiError;
import linkgate.http.Json;
import linkgate.http.Replies;
import linkgate.http.Routes;
import linkgate.stats.Bucket;
import linkgate.stats.InvalidStatsQuery;
import linkgate.stats.StatsExport;
import linkgate.stats.StatsRange;
import linkgate.stats.StatsService;

/**
 * The admin stats routes of the contract: summary, top, one article's series, and the CSV export;
 * plus {@code series}, the series over all articles that the dashboard charts.
 * Query parameters: {@code from}/{@code to} (ISO-8601 instants, default the last 30 days up to
 * now), {@code limit} (top: 1–100, default 10), {@code bucket} ({@code hour}|{@code day}; series
 * default: hour up to 48 hours, else day; export default: day). Bad values answer
 * {@code 400 invalid_request}; a store failure {@code 503 store_unavailable}.
 */
public final class StatsAdminRoutes implements Routes {
  private static final String BASE = "/admin/api/stats";
  private static final String CSV_TYPE = "text/csv; charset=utf-8";

  private final StatsService stats;
  private final Clock clock;

  public StatsAdminRoutes(StatsService stats, Clock clock) {
    this.stats = stats;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/summary").handler(this::summary);
    router.get(BASE + "/top").handler(this::top);
    router.get(BASE + "/series").handler(this::series);
    router.get(BASE + "/articles/:id").handler(this::article);
    router.get(BASE + "/export.csv").handler(this::export);
  }

  private void summary(RoutingContext ctx) {
    StatsRange range = range(ctx);
    stats.summary(range).onComplete(Replies.on(ctx, totals -> Json.send(ctx.response(), 200, totals.toJson())));
  }

  private void top(RoutingContext ctx) {
    StatsRange range = range(ctx);
    int limit = Params.integer(ctx, "limit", 10, 1, StatsService.MAX_TOP);
    stats.top(range, limit).onComplete(Replies.on(ctx, rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(r.toJson()));
      Json.send(ctx.response(), 200, new JsonObject().put("items", items));
    }));
  }

  /** The dashboard's chart: every bucket over all articles (an addition to the contract). */
  private void series(RoutingContext ctx) {
    StatsRange range = range(ctx);
    Bucket bucket = bucket(ctx, Bucket.defaultFor(range));
    stats.series(range, bucket).onComplete(Replies.on(ctx, points -> {
      JsonArray series = new JsonArray();
      points.forEach(p -> series.add(p.toJson()));
      Json.send(ctx.response(), 200, new JsonObject().put("bucket", bucket.param()).put("series", series));
    }));
  }

  private void article(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    StatsRange range = range(ctx);
    Bucket bucket = bucket(ctx, Bucket.defaultFor(range));
    if (!Article.validId(id)) {
      throw ApiError.notFound("No article has this id");
    }
    stats.article(id, range, bucket).onComplete(Replies.on(ctx, found -> {
      if (found.isEmpty()) {
        ctx.fail(ApiError.notFound("No article has this id, and no stats were ever recorded for it"));
      } else {
        Json.send(ctx.response(), 200, found.get().toJson());
      }
    }));
  }

  private void export(RoutingContext ctx) {
    StatsRange range = range(ctx);
    StatsExport export = stats.export(range, bucket(ctx, Bucket.DAY));
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, CSV_TYPE)
        .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + export.filename() + "\"");
    response.closeHandler(v -> export.cancel());
    export.writeTo(response).onComplete(written -> {
      if (written.succeeded() || response.closed()) {
        return; // done, or the client left: nobody to answer
      }
      if (!response.headWritten()) {
        // Failed before the first byte: answer a plain JSON error instead of the attachment.
        response.headers().remove(HttpHeaders.CONTENT_DISPOSITION);
        response.setChunked(false);
      }
      // After the first byte the error handler resets the stream, so the client sees a broken
      // download rather than a CSV that silently lacks rows.
      Replies.<Long>on(ctx, x -> { }).handle(written);
    });
  }

  private StatsRange range(RoutingContext ctx) {
    try {
      return StatsRange.parse(Params.text(ctx, "from"), Params.text(ctx, "to"), clock);
    } catch (InvalidStatsQuery e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private static Bucket bucket(RoutingContext ctx, Bucket otherwise) {
    try {
      return Bucket.parse(Params.text(ctx, "bucket"), otherwise);
    } catch (InvalidStatsQuery e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }
}
