package linkgate.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: turns every failure into the contract's JSON error (or a small HTML
 * page for browsers on /go/). Expected errors ({@link ApiError}) carry their own status; a client
 * that went away mid-request is logged at debug and not answered; anything else is a 500 whose
 * stack trace is logged, never sent.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (clientLeft(ctx)) {
      return;
    }
    answer(ctx.request(), classify(ctx, 500));
  }

  /**
   * The handler for {@code Router.errorHandler(status, ..)}: Vert.x may call it with neither a
   * failure nor a status code in the context (a request path that is not valid percent-encoding,
   * such as {@code /go/%}, is refused before routing), so the status it was registered for decides.
   */
  public Handler<RoutingContext> forStatus(int status) {
    return ctx -> {
      if (!clientLeft(ctx)) {
        answer(ctx.request(), classify(ctx, status));
      }
    };
  }

  /**
   * A client that closes the connection before its request was answered (an upload cut short, a
   * browser navigating away) is no fault of ours: debug, and nobody to answer.
   */
  private static boolean clientLeft(RoutingContext ctx) {
    if (!(ctx.failure() instanceof HttpClosedException)) {
      return false;
    }
    HttpServerRequest r = ctx.request();
    LOG.debug("client closed the connection during {} {}", r.method(), r.path());
    return true;
  }

  /**
   * Writes {@code error} as the answer to {@code request}: the contract's JSON, or the small HTML
   * page for a browser on /go/. Usable before the router (see {@link HttpVerticle}).
   */
  static Future<Void> answer(HttpServerRequest request, ApiError error) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      response.reset(); // too late for an error body: drop the connection rather than lie
      return Future.succeededFuture();
    }
    String path = request.path();
    if (path != null && path.startsWith("/go/") && Accepts.html(request.headers())) {
      return HtmlPage.send(response, error.status(), title(error), error.getMessage());
    }
    return Json.send(response, error.status(), Json.error(error.code(), error.getMessage()));
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
   * Answers requests that Netty could not decode (oversized request line or headers, garbage, an
   * HTTP version other than 1.0 and 1.1, see {@link Http1Guard}) before any router sees them: the
   * same JSON error, then the connection is closed.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof ApiError e) {
      error = e;
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = byStatus(431);
    } else if (cause instanceof TooLongHttpLineException) {
      error = byStatus(414);
    } else if (cause instanceof TooLongFrameException) {
      error = byStatus(431);
    } else {
      error = byStatus(400);
    }
    LOG.debug("undecodable request from {}: {}", request.remoteAddress(), String.valueOf(cause));
    closeAfter(request, error);
  }

  /**
   * Answers {@code error}, then closes an HTTP/1.x connection (with {@code Connection: close}):
   * after a request that could not be read properly, the next bytes on it cannot be trusted to
   * start a request. An HTTP/2 stream is answered and the connection kept.
   */
  static void closeAfter(HttpServerRequest request, ApiError error) {
    if (request.version() == HttpVersion.HTTP_2) {
      answer(request, error);
      return;
    }
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    answer(request, error).onComplete(x -> request.connection().close());
  }
}
