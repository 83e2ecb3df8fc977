package linkgate.articles;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a bulk import: CSV with the header {@code id,url,title} (RFC 4180 quoting), or NDJSON
 * (one {@code {"id","url","title","enabled"}} object per line). Every line is checked like a
 * single PUT; bad lines are reported with their 1-based line number and skipped, good ones kept.
 * Stateless and thread-safe.
 */
public final class ArticleImport {
  /** A line that could not be imported. */
  public record Rejected(int line, String error) {}

  /** The outcome: changes to save (last one wins for a repeated id) and rejected lines. */
  public record Parsed(List<ArticleChange> changes, List<Rejected> rejected) {}

  // Strict like a PUT body: no duplicate keys, nothing after the object ({...}{...} on one line).
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ArticleImport() {}

  /** Parses CSV; the header is line 1 and must be exactly id,url,title (any case, any order). */
  public static Parsed csv(String text) {
    return csv(text, AllowedHosts.ANY);
  }

  /** Parses CSV, refusing lines whose URL host {@code allowed} does not allow. */
  public static Parsed csv(String text, AllowedHosts allowed) {
    Collector out = new Collector(allowed);
    CsvReader reader = new CsvReader(text);
    List<String> header = reader.next();
    if (header == null) {
      out.reject(1, "the file is empty; the first line must be the header id,url,title");
      return out.result();
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    String problem = null;
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(java.util.Locale.ROOT);
      if (i == 0 && name.startsWith("\ufeff")) {
        name = name.substring(1);
      }
      if (!List.of("id", "url", "title").contains(name)) {
        // A column linkgate would not read (a typo, or "enabled") must not pass silently.
        problem = "unknown column \"" + header.get(i).strip() + "\"; the header must be id,url,title";
      } else if (columns.putIfAbsent(name, i) != null) {
        problem = "the column " + name + " appears twice in the header";
      }
    }
    int id = columns.getOrDefault("id", -1);
    int url = columns.getOrDefault("url", -1);
    int title = columns.getOrDefault("title", -1);
    if (problem == null && (id < 0 || url < 0)) {
      problem = "the header must name the columns id,url,title";
    }
    if (problem != null) {
      out.reject(1, problem);
      return out.result();
    }
    List<String> row;
    while ((row = reader.next()) != null) {
      int line = reader.recordLine();
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // blank line
      }
      if (reader.unterminated()) {
        out.reject(line, "a quoted field is not closed");
        break;
      }
      if (row.size() != header.size()) {
        out.reject(line, "expected " + header.size() + " fields, found " + row.size());
        continue;
      }
      out.add(line, row.get(id), row.get(url), title < 0 ? null : row.get(title), null);
    }
    return out.result();
  }

  /** Parses NDJSON (lines end with CRLF, LF or a lone CR); blank lines are skipped but counted. */
  public static Parsed ndjson(String text) {
    return ndjson(text, AllowedHosts.ANY);
  }

  /** Parses NDJSON, refusing lines whose URL host {@code allowed} does not allow. */
  public static Parsed ndjson(String text, AllowedHosts allowed) {
    Collector out = new Collector(allowed);
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int line = i + 1;
      String l = lines[i];
      if (l.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(l);
      } catch (IOException e) {
        out.reject(line, "not valid JSON");
        continue;
      }
      if (node == null || !node.isObject()) {
        out.reject(line, "must be a JSON object");
        continue;
      }
      String problem = null;
      for (var it = node.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!List.of("id", "url", "title", "enabled").contains(field)) {
          problem = "unknown field \"" + field + "\"; allowed: id, url, title, enabled";
        }
      }
      JsonNode enabled = node.get("enabled");
      if (problem == null && enabled != null && !enabled.isBoolean()) {
        problem = "enabled must be true or false";
      }
      for (String field : List.of("id", "url", "title")) {
        JsonNode v = node.get(field);
        if (problem == null && v != null && !v.isTextual() && !(field.equals("title") && v.isNull())) {
          problem = field + " must be a string";
        }
      }
      if (problem != null) {
        out.reject(line, problem);
        continue;
      }
      out.add(line, text(node, "id"), text(node, "url"), text(node, "title"),
          enabled == null ? null : enabled.booleanValue());
    }
    return out.result();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.textValue();
  }

  /** Checks each row like a PUT and keeps the last change per id. */
  private static final class Collector {
    private final Map<String, ArticleChange> changes = new LinkedHashMap<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private final AllowedHosts allowed;

    Collector(AllowedHosts allowed) {
      this.allowed = allowed;
    }

    void reject(int line, String error) {
      rejected.add(new Rejected(line, error));
    }

    void add(int line, String id, String url, String title, Boolean enabled) {
      String problem = ArticleInput.idProblem(id);
      if (problem == null) {
        problem = url == null || url.isEmpty() ? "url is missing" : null;
      }
      if (problem == null) {
        problem = ArticleInput.titleProblem(title);
      }
      String canonical = null;
      if (problem == null) {
        try {
          canonical = ArticleUrl.canonical(url);
          allowed.check(canonical);
        } catch (InvalidUrlException e) {
          problem = e.getMessage();
        }
      }
      if (problem != null) {
        reject(line, problem);
        return;
      }
      changes.remove(id); // keep file order of the last occurrence
      changes.put(id, new ArticleChange(id, canonical, title, enabled, true));
    }

    Parsed result() {
      return new Parsed(List.copyOf(changes.values()), List.copyOf(rejected));
    }
  }
}
