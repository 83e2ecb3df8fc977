package linkgate.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: turns every failure into the contract's JSON error (or a small HTML
 * page for browsers on /go/). Expected errors ({@link ApiError}) carry their own status; anything
 * else is a 500 whose stack trace is logged, never sent.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    answer(ctx, classify(ctx, 500));
  }

  /**
   * The handler for {@code Router.errorHandler(status, ..)}: Vert.x may call it with neither a
   * failure nor a status code in the context (a request path that is not valid percent-encoding,
   * such as {@code /go/%}, is refused before routing), so the status it was registered for decides.
   */
  public Handler<RoutingContext> forStatus(int status) {
    return ctx -> answer(ctx, classify(ctx, status));
  }

  private void answer(RoutingContext ctx, ApiError error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset(); // too late for an error body: drop the connection rather than lie
      return;
    }
    if (error.status() == 405 && ctx.request().path().startsWith("/go/")) {
      response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
    }
    if (ctx.request().path().startsWith("/go/") && Accepts.html(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
      HtmlPage.send(response, error.status(), title(error), error.getMessage());
    } else {
      Json.send(response, error.status(), Json.error(error.code(), error.getMessage()));
    }
  }

  private static String title(ApiError error) {
    return switch (error.status()) {
      case 404 -> "Not found";
      case 410 -> "Link disabled";
      case 401 -> "Sign-in needed";
      case 429 -> "Too many requests";
      case 503 -> "Temporarily unavailable";
      default -> "Error " + error.status();
    };
  }

  static ApiError classify(RoutingContext ctx, int registered) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError e) {
      return e;
    }
    if (failure instanceof DecodeException) {
      return new ApiError(400, "invalid_json", "The request body is not valid JSON");
    }
    int status = failure instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
    if (failure == null && status < 400) {
      status = registered;
    }
    if (failure != null && !(failure instanceof HttpException)) {
      status = 500;
    }
    ApiError error = byStatus(status);
    if (error.status() == 500) {
      HttpServerRequest r = ctx.request();
      LOG.error("internal error on {} {}", r.method(), r.path(), failure);
    }
    return error;
  }

  /** The contract's error for a bare status code. */
  public static ApiError byStatus(int status) {
    return switch (status) {
      case 400 -> new ApiError(400, "invalid_request", "The request is malformed");
      case 401 -> ApiError.unauthenticated("Sign in first");
      case 403 -> ApiError.forbidden("You may not do this");
      case 404 -> ApiError.notFound("There is nothing here");
      case 405 -> new ApiError(405, "method_not_allowed", "This method is not allowed here");
      case 413 -> new ApiError(413, "payload_too_large", "The request body is too large");
      case 414 -> new ApiError(414, "uri_too_long", "The request line is too long");
      case 415 -> new ApiError(415, "unsupported_media_type", "This content type is not accepted here");
      case 429 -> new ApiError(429, "rate_limited", "Too many requests; slow down");
      case 431 -> new ApiError(431, "headers_too_large", "The request headers are too large");
      case 503 -> ApiError.storeUnavailable();
      default -> new ApiError(500, "internal_error", "Something went wrong on our side; it has been logged");
    };
  }

  /**
   * Answers requests that Netty could not decode (oversized request line or headers, garbage)
   * before any router sees them: the same JSON error, then the connection is closed.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
    } else if (cause instanceof TooLongHttpLineException) {
      status = 414;
    } else if (cause instanceof TooLongFrameException) {
      status = 431;
    } else {
      status = 400;
    }
    ApiError error = byStatus(status);
    request.response()
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(HttpHeaders.CONTENT_TYPE, Json.TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .setStatusCode(status)
        .end(Json.error(error.code(), error.getMessage()).toBuffer())
        .onComplete(x -> request.connection().close());
  }
}
