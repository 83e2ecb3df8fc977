package linkgate.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * The cheap, pre-signature reading of a compact JWS: syntax, then header and payload as JSON.
 * Strict on purpose (RFC 8725 §3.4): exactly three unpadded base64url segments, a non-empty
 * signature, JSON objects without duplicate keys. Stateless and thread-safe.
 */
final class TokenParts {
  static final int MAX_LENGTH = 16 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

  private TokenParts() {}

  /**
   * Index of the two dots of a well-formed compact JWS packed as {@code first << 32 | second},
   * or -1 when the text is not three non-empty base64url segments.
   */
  static long dots(String token) {
    int n = token.length();
    if (n == 0 || n > MAX_LENGTH) {
      return -1;
    }
    int first = -1;
    int second = -1;
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (first < 0) {
          first = i;
        } else if (second < 0) {
          second = i;
        } else {
          return -1; // 4 or 5 segments (JWE): refused
        }
      } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_')) {
        return -1; // padding, whitespace, standard base64, anything else
      }
    }
    if (first <= 0 || second < 0 || second == first + 1 || second == n - 1) {
      return -1;
    }
    return ((long) first << 32) | second;
  }

  /** The JSON object in one base64url segment, or null when it is not one. */
  static Map<String, Object> object(String token, int from, int to) {
    try {
      byte[] bytes = B64URL.decode(token.substring(from, to));
      Map<String, Object> map = JSON.readValue(bytes, MAP);
      return map;
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
  }
}
