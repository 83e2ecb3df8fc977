package linkgate.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code http.idleTimeout}: a connection on which nothing was read or written for that long is
 * closed. Netty's {@code IdleStateHandler} (what Vert.x's {@code setIdleTimeout} installs) does
 * this by timing every read and every write completion: it turns each write's void promise into a
 * real one and adds a listener to it, which showed in the redirect's profile (a promise and its
 * notification per response, about 0.2 µs of the redirect's 17). Here a read or a write only sets
 * a flag, and one task per connection looks at the flag every quarter of the timeout. A connection
 * is therefore closed between one and one and a quarter timeouts after its last read or write.
 *
 * <p>A write counts when it is issued. A client that stops reading gets no more writes (Vert.x
 * stops writing once the socket's queue is full), so it goes idle and is closed, as before.
 *
 * <p>The close itself is Vert.x's: this fires the same {@link IdleStateEvent} Netty's handler
 * fires, and Vert.x closes the connection as it always has. One instance per connection, called on
 * its event loop only.
 */
final class IdleCloser extends ChannelDuplexHandler {
  private static final String NAME = "linkgate-idle-closer";
  private static final int CHECKS_PER_TIMEOUT = 4;

  private final long timeoutNanos;
  private boolean active;
  /** When a check last saw the connection active (or when this handler started). */
  private long lastActive;
  private ScheduledFuture<?> check;

  private IdleCloser(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Puts a closer at the head of {@code connection}'s pipeline. Vert.x exposes the channel only on
   * its implementation class; should that change, this throws rather than silently serving
   * without an idle timeout.
   */
  static void install(HttpConnection connection, Duration timeout) {
    if (!(connection instanceof ConnectionBase base)) {
      throw new IllegalStateException("cannot set http.idleTimeout on " + connection.getClass().getName());
    }
    if (base.channel().pipeline().get(NAME) == null) {
      base.channel().pipeline().addFirst(NAME, new IdleCloser(timeout));
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    lastActive = System.nanoTime();
    long period = Math.max(1, timeoutNanos / CHECKS_PER_TIMEOUT);
    check = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    active = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    active = true;
    ctx.write(msg, promise);
  }

  private void check(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    if (active) {
      active = false;
      lastActive = now;
    } else if (now - lastActive >= timeoutNanos) {
      stop();
      ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }
  }

  private void stop() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }
}
