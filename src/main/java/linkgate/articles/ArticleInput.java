package linkgate.articles;

/**
 * Checks what admins send for one article, with the messages they see in a 400. Stateless.
 */
public final class ArticleInput {
  private ArticleInput() {}

  /** Null when {@code id} is fine, else why not. */
  public static String idProblem(String id) {
    if (id == null || id.isEmpty()) {
      return "id is missing";
    }
    return Article.validId(id)
        ? null
        : "id must be 1-128 characters: a letter or digit, then letters, digits, '.', '_', '~' or '-'";
  }

  /** Null when {@code title} is fine, else why not. */
  public static String titleProblem(String title) {
    if (title == null) {
      return null;
    }
    if (title.length() > Article.MAX_TITLE_LENGTH) {
      return "title is longer than " + Article.MAX_TITLE_LENGTH + " characters";
    }
    for (int i = 0; i < title.length(); i++) {
      char c = title.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return "title must not contain control characters";
      }
      if (Character.isSurrogate(c)) {
        // A lone surrogate (JSON "\\udc00") is no character: it cannot be stored or sent as UTF-8.
        if (Character.isLowSurrogate(c) || i + 1 == title.length() || !Character.isLowSurrogate(title.charAt(i + 1))) {
          return "title must be valid Unicode text: it holds an unpaired surrogate (\\u"
              + Integer.toHexString(c) + ")";
        }
        i++; // a high surrogate followed by a low one: one character outside the BMP
      }
    }
    return null;
  }
}
