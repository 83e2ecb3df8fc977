package linkgate.articles;

import static linkgate.testing.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Optional;
import linkgate.store.Store;
import linkgate.store.Stores;
import linkgate.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ArticleCatalog} when reads and changes of one id cross, interleaved step by step: the
 * catalog's reads go to a real embedded store, and the test holds one read's answer until it
 * lets it go. "Another process" writes through a repository of its own and then calls
 * {@link ArticleCatalog#refresh}, as its announcement would.
 */
class ArticleCatalogTest {
  private Vertx vertx;
  private Store store;
  private ArticleRepository repository;
  private ArticleCatalog catalog;
  /** While set: the next read has happened and waits for this to complete. */
  private Promise<Void> held;
  private Promise<Void> readDone;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    store = await(Stores.open(vertx, TestGateway.StoreKind.EMBEDDED.freshStore()));
    repository = new ArticleRepository(store);
    catalog = new ArticleCatalog(repository, this::read, 1000);
  }

  @AfterEach
  void close() {
    await(store.close());
    await(vertx.close());
  }

  private Future<Optional<Article>> read(String id) {
    Promise<Void> gate = held;
    held = null;
    Future<Optional<Article>> found = repository.find(id);
    if (gate == null) {
      return found;
    }
    Promise<Void> done = readDone;
    return found.onSuccess(f -> done.complete()).compose(f -> gate.future().map(f));
  }

  /** Holds the next read's answer; returns the promise that lets it go. */
  private Promise<Void> holdNextRead() {
    held = Promise.promise();
    readDone = Promise.promise();
    return held;
  }

  /** A change by another process on the same database, then its announcement arriving here. */
  private void changedElsewhere(String id, String url) {
    await(repository.save(new ArticleChange(id, url, "T", null, true), 0));
    await(catalog.refresh(id));
  }

  @Test
  void find_changeAnnouncedWhileFirstReadInFlight_doesNotCacheTheOldRead() {
    await(repository.save(new ArticleChange("a1", "https://example.org/v1", "T", null, true), 0));
    Promise<Void> release = holdNextRead();
    Future<Article> first = catalog.find("a1");
    await(readDone.future()); // the store answered v1
    changedElsewhere("a1", "https://example.org/v2"); // not cached yet: nothing to reload
    release.complete();

    assertEquals("https://example.org/v1", await(first).url()); // what that read found
    assertNull(catalog.cached("a1"), "v1 was cached although a change was announced while it was read");
    assertEquals("https://example.org/v2", await(catalog.find("a1")).url());
    assertEquals("https://example.org/v2", catalog.cached("a1").url());
  }

  @Test
  void find_unknownIdCreatedWhileFirstReadInFlight_isNotCachedAsMissing() {
    Promise<Void> release = holdNextRead();
    Future<Article> first = catalog.find("new");
    await(readDone.future());
    changedElsewhere("new", "https://example.org/new");
    release.complete();

    assertEquals(ArticleCatalog.MISSING, await(first));
    assertEquals("https://example.org/new", await(catalog.find("new")).url());
  }

  @Test
  void refresh_olderRefreshAnsweringLast_doesNotOverwriteTheNewer() {
    await(repository.save(new ArticleChange("a1", "https://example.org/v1", "T", null, true), 0));
    assertEquals("https://example.org/v1", await(catalog.find("a1")).url()); // cached
    await(repository.save(new ArticleChange("a1", "https://example.org/v2", "T", null, true), 0));
    Promise<Void> release = holdNextRead();
    Future<Void> older = catalog.refresh("a1");
    await(readDone.future()); // read v2
    changedElsewhere("a1", "https://example.org/v3"); // reloads v3 at once
    assertEquals("https://example.org/v3", catalog.cached("a1").url());
    release.complete();
    await(older);

    assertEquals("https://example.org/v3", await(catalog.find("a1")).url());
  }

  @Test
  void find_localSaveWhileFirstReadInFlight_keepsTheSavedArticle() {
    await(repository.save(new ArticleChange("a1", "https://example.org/v1", "T", null, true), 0));
    Promise<Void> release = holdNextRead();
    Future<Article> first = catalog.find("a1");
    await(readDone.future());
    await(catalog.save(new ArticleChange("a1", "https://example.org/v2", "T", null, true), 0));
    release.complete();
    await(first);

    assertEquals("https://example.org/v2", catalog.cached("a1").url());
  }

  @Test
  void find_noChangeWhileRead_caches() {
    await(repository.save(new ArticleChange("a1", "https://example.org/v1", "T", null, true), 0));
    changedElsewhere("other", "https://example.org/other"); // before the read: no effect on it
    Promise<Void> release = holdNextRead();
    Future<Article> first = catalog.find("a1");
    await(readDone.future());
    release.complete();
    await(first);

    assertEquals("https://example.org/v1", catalog.cached("a1").url());
    assertFalse(catalog.cached("a1") == ArticleCatalog.MISSING);
  }
}
