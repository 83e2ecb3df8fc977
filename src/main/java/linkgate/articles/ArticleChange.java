package linkgate.articles;

/**
 * What an admin asks to change; null fields stay as they are. {@code url} is already canonical.
 *
 * @param replace true for PUT semantics: url and title are replaced, a missing title becomes ""
 */
public record ArticleChange(String id, String url, String title, Boolean enabled, boolean replace) {}
