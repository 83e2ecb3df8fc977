package linkgate.clicks;

import io.vertx.core.Future;
import java.util.List;
import linkgate.store.Store;

/**
 * Writes clicks straight through the recorder's repository, one batch per call: the real write
 * path without the timer, for benchmarks that need millions of stored clicks.
 */
public final class BulkClicks {
  private final ClickRepository repository;
  private ClickBatch batch = new ClickBatch();

  private BulkClicks(ClickRepository repository) {
    this.repository = repository;
  }

  public static Future<BulkClicks> on(Store store) {
    return ReaderIds.load(store).map(readers -> new BulkClicks(new ClickRepository(store, readers)));
  }

  public void click(String articleId, String sub, long millis) {
    batch.click(articleId, sub, millis, Integer.MAX_VALUE);
  }

  public void blocked(String articleId, long millis) {
    batch.blocked(articleId, millis, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Writes what was added since the last flush, in one transaction. */
  public Future<Void> flush() {
    ClickBatch full = batch;
    batch = new ClickBatch();
    return repository.write(List.of(full));
  }
}
