package linkgate.articles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Articles for the redirect hot path: a Caffeine cache in front of {@link ArticleRepository}.
 * Unknown ids are cached too (as {@link #MISSING}), so repeated 404s cost no query either. Every
 * admin change goes through here, so the cache is updated the moment the store is.
 *
 * <p>Thread-safe. {@link #cached} never blocks; {@link #find} completes on the caller's context.
 */
public final class ArticleCatalog {
  /** Cached answer for an id that has no article. */
  public static final Article MISSING = new Article("", "", "", false, 0, 0);

  private static final int REFRESH_CHUNK = 500;

  private final ArticleRepository repository;
  private final Cache<String, Article> cache;

  public ArticleCatalog(ArticleRepository repository, long maxSize) {
    this.repository = repository;
    // Maintenance on the calling thread, amortized, rather than a ForkJoinPool wake-up every few
    // reads on the redirect's hot path.
    this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxSize).build();
  }

  /** The cached article, {@link #MISSING}, or null when the cache does not know the id. */
  public Article cached(String id) {
    return cache.getIfPresent(id);
  }

  /** The article or {@link #MISSING}, from the cache or else the store. */
  public Future<Article> find(String id) {
    Article hit = cache.getIfPresent(id);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    return repository.find(id).map(found -> {
      Article article = found.orElse(MISSING);
      // putIfAbsent: an admin change that landed while we read wins over our older copy.
      Article raced = cache.asMap().putIfAbsent(id, article);
      return raced == null ? article : raced;
    });
  }

  /** Reads straight from the store (admin reads must not be served stale). */
  public Future<Optional<Article>> load(String id) {
    return repository.find(id).map(found -> {
      cache.put(id, found.orElse(MISSING));
      return found;
    });
  }

  public Future<List<Article>> list(int limit, String after) {
    return repository.list(limit, after);
  }

  /** Saves a change and updates the cache; empty when PATCH names a missing article. */
  public Future<Optional<Article>> save(ArticleChange change, long now) {
    return repository.save(change, now).map(saved -> {
      saved.ifPresent(a -> cache.put(a.id(), a));
      return saved;
    });
  }

  /** Saves many changes in one transaction and updates the cache. */
  public Future<List<Article>> saveAll(List<ArticleChange> changes, long now) {
    return repository.saveAll(changes, now).map(saved -> {
      saved.forEach(a -> cache.put(a.id(), a));
      return saved;
    });
  }

  /** Deletes; true when it existed. The cache forgets it at once. */
  public Future<Boolean> delete(String id) {
    return repository.delete(id).map(existed -> {
      cache.put(id, MISSING);
      return existed;
    });
  }

  /** Reloads one id that another process changed, if it is cached. */
  public Future<Void> refresh(String id) {
    if (cache.getIfPresent(id) == null) {
      return Future.succeededFuture();
    }
    return repository.find(id).map(found -> {
      cache.put(id, found.orElse(MISSING));
      return null;
    });
  }

  /**
   * Reloads every cached article from the store, a few hundred per query: the backstop for
   * changes made by other processes whose announcement was missed. A store failure leaves the
   * cache as it was (readers keep being served).
   */
  public Future<Void> refreshAll() {
    List<String> ids = new java.util.ArrayList<>(cache.asMap().keySet());
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += REFRESH_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + REFRESH_CHUNK));
      chain = chain.compose(x -> repository.findAll(chunk)).map(found -> {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Article a : found) {
          cache.put(a.id(), a);
          seen.add(a.id());
        }
        for (String id : chunk) {
          if (!seen.contains(id)) {
            cache.put(id, MISSING);
          }
        }
        return null;
      });
    }
    return chain;
  }
}
