package linkgate.articles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * Articles for the redirect hot path: a Caffeine cache in front of {@link ArticleRepository}.
 * Unknown ids are cached too (as {@link #MISSING}), so repeated 404s cost no query either. Every
 * admin change goes through here, so the cache is updated the moment the store is.
 *
 * <p>A read and a change of the same id can cross: the read may return what was there before the
 * change, after the change was applied to the cache or announced by another process. Every change
 * therefore bumps a stamp of its id (a counter per stripe of ids, and one for "everything"), and a
 * read caches what it found only when the stamp it saw before reading is still current;
 * otherwise it drops the id, and the next lookup reads it again.
 *
 * <p>Thread-safe. {@link #cached} never blocks; {@link #find} completes on the caller's context.
 */
public final class ArticleCatalog {
  /** Cached answer for an id that has no article. */
  public static final Article MISSING = new Article("", "", "", false, 0, 0);

  private static final int REFRESH_CHUNK = 500;
  private static final int STRIPES = 1024; // a power of two

  private final ArticleRepository repository;
  private final Function<String, Future<Optional<Article>>> lookup;
  private final Cache<String, Article> cache;
  /** Change counters per stripe of ids ({@link #stripe}); only ever increase. */
  private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
  /** Bumped when any article may have changed (an import elsewhere, a resync); only increases. */
  private final AtomicLong everything = new AtomicLong();

  public ArticleCatalog(ArticleRepository repository, long maxSize) {
    this(repository, repository::find, maxSize);
  }

  /** With {@code lookup} reading one article in place of the repository: tests hold reads in flight. */
  ArticleCatalog(ArticleRepository repository, Function<String, Future<Optional<Article>>> lookup, long maxSize) {
    this.repository = repository;
    this.lookup = lookup;
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
    long stamp = stamp(id);
    return lookup.apply(id).map(found -> {
      Article article = found.orElse(MISSING);
      // On a change meanwhile, leave the cache alone: whatever that change put there (a saved
      // article, a reload) is at least as new as what we read.
      if (stamp(id) == stamp) {
        remember(id, article, stamp);
      }
      return article;
    });
  }

  /** Reads straight from the store (admin reads must not be served stale). */
  public Future<Optional<Article>> load(String id) {
    long stamp = stamp(id);
    return lookup.apply(id).map(found -> {
      remember(id, found.orElse(MISSING), stamp);
      return found;
    });
  }

  public Future<List<Article>> list(int limit, String after) {
    return repository.list(limit, after);
  }

  /** Saves a change and updates the cache; empty when PATCH names a missing article. */
  public Future<Optional<Article>> save(ArticleChange change, long now) {
    return repository.save(change, now).map(saved -> {
      saved.ifPresent(this::changedTo);
      return saved;
    });
  }

  /** Saves many changes in one transaction and updates the cache. */
  public Future<List<Article>> saveAll(List<ArticleChange> changes, long now) {
    return repository.saveAll(changes, now).map(saved -> {
      saved.forEach(this::changedTo);
      return saved;
    });
  }

  /** Deletes; true when it existed. The cache forgets it at once. */
  public Future<Boolean> delete(String id) {
    return repository.delete(id).map(existed -> {
      changed(id);
      cache.put(id, MISSING);
      return existed;
    });
  }

  /**
   * Another process changed {@code id}: reloads it if it is cached. Either way a read of it in
   * flight will not cache what it found, which may be older than the change.
   */
  public Future<Void> refresh(String id) {
    changed(id);
    if (cache.getIfPresent(id) == null) {
      return Future.succeededFuture();
    }
    long stamp = stamp(id);
    return lookup.apply(id).map(found -> {
      remember(id, found.orElse(MISSING), stamp);
      return null;
    });
  }

  /**
   * Reloads every cached article from the store, a few hundred per query: the backstop for
   * changes made by other processes whose announcement was missed, and the answer to "many
   * changed". A store failure leaves the cache as it was (readers keep being served).
   */
  public Future<Void> refreshAll() {
    everything.incrementAndGet();
    List<String> ids = new java.util.ArrayList<>(cache.asMap().keySet());
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += REFRESH_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + REFRESH_CHUNK));
      chain = chain.compose(x -> {
        long[] stamps = chunk.stream().mapToLong(this::stamp).toArray();
        return repository.findAll(chunk).map(found -> {
          java.util.Map<String, Article> byId = new java.util.HashMap<>();
          found.forEach(a -> byId.put(a.id(), a));
          for (int i = 0; i < chunk.size(); i++) {
            remember(chunk.get(i), byId.getOrDefault(chunk.get(i), MISSING), stamps[i]);
          }
          return null;
        });
      });
    }
    return chain;
  }

  /** Grows whenever {@code id}, or everything, changes: the sum of two counters that only grow. */
  private long stamp(String id) {
    return everything.get() + changes.get(stripe(id));
  }

  private static int stripe(String id) {
    return id.hashCode() & (STRIPES - 1);
  }

  private void changed(String id) {
    changes.incrementAndGet(stripe(id));
  }

  /** A change saved by this process: reads in flight must not overwrite it with what they found. */
  private void changedTo(Article saved) {
    changed(saved.id());
    cache.put(saved.id(), saved);
  }

  /**
   * Caches what a read of {@code id} that began at {@code stamp} found, unless the id changed
   * since: then the read may predate the change, and the id is dropped instead (its entry may be
   * older still, and a change to another id of the stripe reloads nothing here). Checked again
   * after the put, for a change that lands between the check and the put (its own refresh may
   * have found no entry to reload); only our entry is then removed.
   */
  private void remember(String id, Article article, long stamp) {
    if (stamp(id) != stamp) {
      cache.invalidate(id);
      return;
    }
    cache.put(id, article);
    if (stamp(id) != stamp) {
      cache.asMap().remove(id, article);
    }
  }
}
