package linkgate.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/** Writing JSON answers and reading JSON bodies, with the contract's errors. */
public final class Json {
  public static final String TYPE = "application/json; charset=utf-8";
  private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  /**
   * RFC 8259 JSON and nothing else. Vert.x's own decoder accepts comments ({@code /* *}{@code /},
   * {@code //}); this one refuses them, as well as duplicate keys (which value would count?) and
   * text after the value.
   */
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /**
   * Ends {@code response} with {@code status} and {@code body} as JSON, not cacheable, with
   * {@code X-Content-Type-Options: nosniff} so that no browser ever reads it as HTML or script.
   */
  public static Future<Void> send(HttpServerResponse response, int status, Object body) {
    Buffer buffer = body instanceof JsonObject o ? o.toBuffer() : io.vertx.core.json.Json.encodeToBuffer(body);
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(NOSNIFF_NAME, NOSNIFF)
        .end(buffer);
  }

  /** The error body of the contract. */
  public static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  /** Parses a request body that must be one JSON object. */
  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new ApiError(400, "invalid_json", "The request body is empty; send a JSON object");
    }
    Object value;
    try {
      value = STRICT.readValue(body.getBytes(), Object.class);
    } catch (IOException e) {
      throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ApiError(400, "invalid_json", "The request body must be a JSON object");
    }
    @SuppressWarnings("unchecked")
    JsonObject o = new JsonObject((Map<String, Object>) map);
    return o;
  }
}
