package linkgate.articles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code redirect.allowedHosts}: the hosts article URLs may point to, checked when an article is
 * saved. A pattern is an exact host ({@code news.example.com}, {@code 192.0.2.1},
 * {@code [2001:db8::1]}) or {@code *.suffix}, which matches every host below the suffix but not
 * the suffix itself ({@code *.example.com} matches {@code a.example.com} and
 * {@code a.b.example.com}, not {@code example.com}). Hosts are compared in the canonical form
 * {@link ArticleUrl#host(String)} gives. An empty list allows every host. Immutable, thread-safe.
 */
public final class AllowedHosts {
  /** Allows every host. */
  public static final AllowedHosts ANY = new AllowedHosts(Set.of(), List.of(), "");

  private static final int SHOWN = 10;

  private final Set<String> exact;
  private final List<String> suffixes; // ".example.com"
  private final String described;

  private AllowedHosts(Set<String> exact, List<String> suffixes, String described) {
    this.exact = exact;
    this.suffixes = suffixes;
    this.described = described;
  }

  /**
   * The allow-list of {@code patterns} as validated by the configuration (lower-case ASCII).
   *
   * @throws IllegalArgumentException when a pattern is not a host
   */
  public static AllowedHosts of(List<String> patterns) {
    if (patterns.isEmpty()) {
      return ANY;
    }
    Set<String> exact = new HashSet<>();
    List<String> suffixes = new ArrayList<>();
    for (String pattern : patterns) {
      boolean wildcard = pattern.startsWith("*.");
      String host;
      try {
        host = UrlHost.canonical(wildcard ? pattern.substring(2) : pattern);
      } catch (InvalidUrlException e) {
        throw new IllegalArgumentException("redirect.allowedHosts: \"" + pattern + "\": " + e.getMessage(), e);
      }
      if (wildcard) {
        suffixes.add("." + host);
      } else {
        exact.add(host);
      }
    }
    String shown = String.join(", ", patterns.subList(0, Math.min(SHOWN, patterns.size())))
        + (patterns.size() > SHOWN ? " and " + (patterns.size() - SHOWN) + " more" : "");
    return new AllowedHosts(Set.copyOf(exact), List.copyOf(suffixes), shown);
  }

  /** True when every host is allowed. */
  public boolean any() {
    return exact.isEmpty() && suffixes.isEmpty();
  }

  /** True when {@code host} (canonical, as {@link ArticleUrl#host(String)} gives it) is allowed. */
  public boolean allows(String host) {
    if (any() || exact.contains(host)) {
      return true;
    }
    for (String suffix : suffixes) {
      if (host.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a canonical article URL.
   *
   * @throws InvalidUrlException naming the host and the allow-list when the host is not allowed
   */
  public void check(String canonicalUrl) throws InvalidUrlException {
    if (any()) {
      return;
    }
    String host = ArticleUrl.host(canonicalUrl);
    if (!allows(host)) {
      throw new InvalidUrlException("URL host " + host + " is not in redirect.allowedHosts (" + described
          + "); ask the operator to add it to the allow-list");
    }
  }
}
