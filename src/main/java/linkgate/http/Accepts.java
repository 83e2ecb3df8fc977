package linkgate.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.List;

/** Reading {@code Accept} the way the contract means it. Stateless. */
public final class Accepts {
  private Accepts() {}

  /**
   * True when the request's {@code Accept} names {@code text/html} with q > 0, in any of its
   * header lines: repeated lines are one comma-separated list (RFC 9110 §5.3).
   */
  public static boolean html(MultiMap headers) {
    List<String> lines = headers.getAll(HttpHeaders.ACCEPT);
    for (int i = 0; i < lines.size(); i++) {
      if (html(lines.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code accept} names {@code text/html} with q > 0 (RFC 9110 §12.5.1). Wildcards do
   * not count: browsers navigating name text/html explicitly, API clients and curl send *&#47;*.
   */
  public static boolean html(String accept) {
    if (accept == null) {
      return false;
    }
    int n = accept.length();
    int i = 0;
    while (i < n) {
      int end = accept.indexOf(',', i);
      if (end < 0) {
        end = n;
      }
      int semi = accept.indexOf(';', i);
      int typeEnd = semi >= 0 && semi < end ? semi : end;
      String type = accept.substring(i, typeEnd).strip();
      if (type.equalsIgnoreCase("text/html") && quality(accept, typeEnd, end) > 0) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }

  private static double quality(String accept, int from, int to) {
    int i = from;
    while (i < to) {
      int next = accept.indexOf(';', i + 1);
      if (next < 0 || next > to) {
        next = to;
      }
      String param = accept.substring(i + 1 > to ? to : i + 1, next).strip();
      if (param.length() > 1 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
        try {
          return Double.parseDouble(param.substring(2).strip());
        } catch (NumberFormatException e) {
          return 1; // a malformed weight: ignore it, as browsers would
        }
      }
      i = next;
    }
    return 1;
  }
}
