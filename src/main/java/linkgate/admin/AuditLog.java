package linkgate.admin;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per admin change, on the {@code linkgate.audit} logger: who (session sub or
 * API key name), what, which article, when. Thread-safe.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger("linkgate.audit");

  private AuditLog() {}

  public static void record(String actor, String action, String articleId, JsonObject details, Instant at) {
    JsonObject line = new JsonObject()
        .put("at", at.toString())
        .put("actor", actor)
        .put("action", action)
        .put("article", articleId);
    if (details != null && !details.isEmpty()) {
      line.put("details", details);
    }
    LOG.info("{}", line.encode());
  }
}
