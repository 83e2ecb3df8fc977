package linkgate.testing;

import static linkgate.testing.TestGateway.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JWKS endpoint the test controls, on a real local HTTP server: what it answers (keys, status,
 * {@code Cache-Control}, a redirect, a delay, an oversized body) can change at any time, and it
 * counts every request it gets.
 */
public final class JwksServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final SelfSignedCertificate certificate;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String body = new JsonObject().put("keys", new JsonArray()).encode();
  private volatile int status = 200;
  private volatile String cacheControl;
  private volatile String location;
  private volatile long delayMillis;
  private volatile int padBytes;

  public JwksServer() {
    this(null);
  }

  private JwksServer(SelfSignedCertificate certificate) {
    this.certificate = certificate;
    HttpServerOptions options = new HttpServerOptions();
    if (certificate != null) {
      options.setSsl(true).setKeyCertOptions(certificate.keyCertOptions());
    }
    server = await(vertx.createHttpServer(options).requestHandler(this::handle).listen(0, "127.0.0.1"));
  }

  /** The same over TLS, with a self-signed certificate for localhost that nobody trusts. */
  public static JwksServer httpsSelfSigned() {
    return new JwksServer(SelfSignedCertificate.create("localhost"));
  }

  private void handle(HttpServerRequest request) {
    requests.add(request.uri());
    if (delayMillis > 0) {
      vertx.setTimer(delayMillis, id -> answer(request.response()));
    } else {
      answer(request.response());
    }
  }

  private void answer(HttpServerResponse response) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json");
    if (cacheControl != null) {
      response.putHeader("Cache-Control", cacheControl);
    }
    if (location != null) {
      response.putHeader("Location", location);
    }
    if (padBytes == 0) {
      response.end(body);
      return;
    }
    // Chunked, without Content-Length: the client only learns the size by reading.
    response.setChunked(true);
    Buffer chunk = Buffer.buffer(" ".repeat(64 * 1024));
    for (int sent = 0; sent < padBytes; sent += chunk.length()) {
      response.write(chunk);
    }
    response.end(body);
  }

  /** The address of the JWKS. */
  public String url() {
    return certificate == null
        ? "http://127.0.0.1:" + server.actualPort() + "/jwks.json"
        : "https://localhost:" + server.actualPort() + "/jwks.json";
  }

  /** Another address on this server, e.g. for a jku that must never be fetched. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Serves {"keys": [keys...]} with status 200. */
  public JwksServer keys(JsonObject... keys) {
    this.body = new JsonObject().put("keys", new JsonArray(List.of((Object[]) keys))).encode();
    this.status = 200;
    return this;
  }

  /** Serves this exact body. */
  public JwksServer body(String text) {
    this.body = text;
    return this;
  }

  public JwksServer status(int code) {
    this.status = code;
    return this;
  }

  /** The Cache-Control header to send, or null for none. */
  public JwksServer cacheControl(String value) {
    this.cacheControl = value;
    return this;
  }

  /** Answers 302 to {@code url} (null: stop redirecting). */
  public JwksServer redirectTo(String url) {
    this.location = url;
    this.status = url == null ? 200 : 302;
    return this;
  }

  public JwksServer delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /** Sends this many bytes of whitespace before the body, chunked. */
  public JwksServer pad(int bytes) {
    this.padBytes = bytes;
    return this;
  }

  /** Number of requests received. */
  public int requests() {
    return requests.size();
  }

  /** The URIs requested, in order. */
  public List<String> requested() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    try {
      await(server.shutdown(0, java.util.concurrent.TimeUnit.SECONDS)); // do not wait for a delayed answer
      await(vertx.close());
    } finally {
      if (certificate != null) {
        certificate.delete();
      }
    }
  }
}
