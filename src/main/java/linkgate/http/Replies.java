package linkgate.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bridges a store future to a route: success runs the reply, failure becomes an error answer. */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  /**
   * A completion handler that passes the result to {@code reply}; a failed future (the store is
   * down or refused the statement) answers 503 store_unavailable with the cause logged, and an
   * {@link ApiError} thrown by {@code reply} answers that error.
   */
  public static <T> Handler<AsyncResult<T>> on(RoutingContext ctx, Consumer<T> reply) {
    return result -> {
      if (ctx.response().ended()) {
        return; // answered already (http.requestTimeout): a late result has nowhere to go
      }
      if (result.failed()) {
        Throwable cause = result.cause();
        if (cause instanceof ApiError) {
          ctx.fail(cause);
          return;
        }
        LOG.warn("store call failed on {} {}: {}", ctx.request().method(), ctx.request().path(), cause.toString());
        ctx.fail(ApiError.storeUnavailable());
        return;
      }
      try {
        reply.accept(result.result());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    };
  }
}
