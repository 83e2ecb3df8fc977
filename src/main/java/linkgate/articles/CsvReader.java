package linkgate.articles;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks. Lines end
 * with CRLF, LF or a lone CR.
 */
final class CsvReader {
  private final String text;
  private int pos;
  private int line = 1;
  private int recordLine;
  private boolean unterminated;

  CsvReader(String text) {
    this.text = text;
  }

  /** The next record's fields, or null at the end. */
  List<String> next() {
    if (pos >= text.length()) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (quoted) {
        if (c == '"') {
          if (pos < text.length() && text.charAt(pos) == '"') {
            field.append('"');
            pos++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))) {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        continue;
      } else if (c == '\n' || c == '\r') { // LF, CRLF, or a lone CR (old Mac files): a line end
        line++;
        break;
      } else {
        field.append(c);
      }
    }
    unterminated = quoted;
    fields.add(field.toString());
    return fields;
  }

  /** The line on which the last record returned by {@link #next} started. */
  int recordLine() {
    return recordLine;
  }

  /** True when the last record ended inside quotes (end of input reached). */
  boolean unterminated() {
    return unterminated;
  }
}
