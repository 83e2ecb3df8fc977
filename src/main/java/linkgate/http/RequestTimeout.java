package linkgate.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code http.requestTimeout}: a request still unanswered after this long gets {@code 503
 * timeout}. Mounted first on every router; unlike Vert.x's {@code TimeoutHandler} it arms a timer
 * only when the rest of the chain did not answer synchronously (a store call, a body upload), so
 * the hot path (a cached redirect) costs one extra handler call and no timer. An answer whose head
 * is already written (a streamed export) is left alone.
 */
public final class RequestTimeout implements Handler<RoutingContext> {
  private final long millis;

  public RequestTimeout(long millis) {
    this.millis = millis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.next();
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    long timer = ctx.vertx().setTimer(millis, fired -> {
      if (!response.ended() && !response.headWritten()) {
        ctx.fail(new ApiError(503, "timeout",
            "The request took longer than " + millis + " ms to answer; try again"));
      }
    });
    ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
  }
}
