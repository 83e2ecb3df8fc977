package linkgate.articles;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An article: the id used in {@code /go/{id}}, its source URL (canonical, see {@link ArticleUrl}),
 * a title, whether readers may follow it, and when it was created and last changed (epoch ms).
 */
public record Article(
    String id, String url, String title, boolean enabled, long createdAt, long updatedAt) {

  /** The contract's id pattern. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");

  public static final int MAX_TITLE_LENGTH = 1000;

  /** Same check as {@link #ID}, without a regex: it runs on every redirect. */
  public static boolean validId(String id) {
    int n = id.length();
    if (n == 0 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '~' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** The contract's JSON shape; times as ISO-8601 instants. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("url", url)
        .put("title", title)
        .put("enabled", enabled)
        .put("createdAt", Instant.ofEpochMilli(createdAt).toString())
        .put("updatedAt", Instant.ofEpochMilli(updatedAt).toString());
  }
}
