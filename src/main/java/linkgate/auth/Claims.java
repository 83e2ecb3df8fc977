package linkgate.auth;

import java.util.List;
import java.util.Map;

/** Finds a claim by literal name or by JSON Pointer (RFC 6901), e.g. {@code /realm_access/roles}. */
public final class Claims {
  private Claims() {}

  /** The value at {@code nameOrPointer}, or null. A name not starting with "/" is taken literally. */
  public static Object at(Map<String, ?> claims, String nameOrPointer) {
    if (!nameOrPointer.startsWith("/")) {
      return claims.get(nameOrPointer);
    }
    Object node = claims;
    for (String raw : nameOrPointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (node instanceof Map<?, ?> map) {
        node = map.get(token);
      } else if (node instanceof List<?> list && token.matches("0|[1-9][0-9]{0,8}")) {
        int i = Integer.parseInt(token);
        node = i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }
}
