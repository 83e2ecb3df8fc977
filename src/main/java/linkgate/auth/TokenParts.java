package linkgate.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * The cheap, pre-signature reading of a compact JWS: syntax, then header and payload as JSON.
 * Strict on purpose (RFC 8725 §3.4): exactly three unpadded, canonical base64url segments, a
 * non-empty signature, JSON objects without duplicate keys or trailing text. Stateless and thread-safe.
 */
final class TokenParts {
  static final int MAX_LENGTH = 16 * 1024;

  // Duplicate keys and anything after the object ({...}xx) make the segment no JSON object.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
    if (first <= 0 || second < 0 || second == first + 1 || second == n - 1
        || !canonical(token, 0, first) || !canonical(token, first + 1, second)
        || !canonical(token, second + 1, n)) {
      return -1;
    }
    return ((long) first << 32) | second;
  }

  /**
   * Whether a base64url segment is the one encoding of its bytes: a length that is not 1 more than
   * a multiple of 4, and the bits past the last byte zero (RFC 4648 §3.5). Decoders ignore those
   * bits, so without this check several different strings would verify as the same token, and
   * "checked exactly as received" would not hold.
   */
  private static boolean canonical(String token, int from, int to) {
    int unusedBits = switch ((to - from) % 4) {
      case 0 -> 0;
      case 2 -> 4;
      case 3 -> 2;
      default -> -1;
    };
    return unusedBits == 0 || unusedBits > 0 && (value(token.charAt(to - 1)) & ((1 << unusedBits) - 1)) == 0;
  }

  /** The 6-bit value of a base64url character (already checked to be one). */
  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
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
