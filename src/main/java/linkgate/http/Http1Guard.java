package linkgate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty handler between the HTTP/1 decoder and Vert.x, for two answers Vert.x gives on its own
 * and not in the contract's shape:
 *
 * <ul>
 *   <li>A request line with a version other than HTTP/1.0 or HTTP/1.1 ({@code HTTP/9.9}, {@code
 *       HTTP/2.0} sent to the HTTP/1 parser): Vert.x answers an empty {@code 501} before any handler
 *       runs. Such a request is marked as undecodable here, so that {@link
 *       ErrorHandler#invalidRequest} answers it: {@code 400 invalid_request} as JSON, then close. A
 *       later HTTP/1 minor version ({@code HTTP/1.2}) is served as HTTP/1.1 (RFC 9110 §6.2).
 *   <li>A body that is not valid chunked encoding (a bad chunk size): Vert.x fails the connection in
 *       the middle of the read, so that whatever answer the failure produces is never flushed, and
 *       the body reader's failure reached the error handler as an unknown exception (a 500 with a
 *       stack trace in the log, for anyone to flood). Here the broken chunk is dropped and the
 *       failure re-raised as a {@code 400 invalid_request} {@link ApiError} on the next turn of the
 *       event loop, after the read: the route still reading the body answers it, and it is flushed
 *       before Vert.x closes the connection. Logged at debug.
 * </ul>
 *
 * <p>One instance per connection, called on its event loop only.
 */
final class Http1Guard extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Http1Guard.class);
  private static final String NAME = "linkgate-http1-guard";

  /**
   * Puts a guard into {@code connection}'s pipeline when it is an HTTP/1.x connection; HTTP/2
   * connections have no HTTP/1 decoder and are left alone. Vert.x exposes the channel only on its
   * implementation class; should that change, the guard is skipped (the answers above fall back to
   * Vert.x's own) rather than failing the connection.
   */
  static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get("httpDecoder") != null && pipeline.get("handler") != null && pipeline.get(NAME) == null) {
      pipeline.addBefore("handler", NAME, new Http1Guard());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      // (An undecodable head arrives as a full request, which is HttpContent too: Vert.x answers it.)
      HttpVersion version = request.protocolVersion();
      if (request.decoderResult().isSuccess() && version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
        if (version.majorVersion() == 1 && version.minorVersion() > 1 && "HTTP".equals(version.protocolName())) {
          request.setProtocolVersion(HttpVersion.HTTP_1_1); // RFC 9110 §6.2: a later 1.x is read as 1.1
        } else {
          request.setDecoderResult(DecoderResult.failure(ApiError.badRequest(
              version.text() + " is not served here; send HTTP/1.1")));
        }
      }
    } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
      Throwable cause = content.decoderResult().cause();
      content.release();
      LOG.debug("malformed request body from {}: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
      ApiError error = ApiError.badRequest("The request body is not valid chunked encoding (RFC 9112 §7.1)");
      ctx.channel().eventLoop().execute(() -> ctx.fireExceptionCaught(error));
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
