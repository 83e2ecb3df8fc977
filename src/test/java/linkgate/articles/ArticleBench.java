package linkgate.articles;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import linkgate.config.LinkgateConfig;
import linkgate.store.Store;
import linkgate.store.Stores;
import linkgate.testing.TestGateway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The article lookup of a redirect: a Caffeine hit, and the id check before it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ArticleBench {
  private ArticleCatalog catalog;
  private final String[] ids = new String[1024];
  private int n;

  private Vertx vertx;
  private Store store;

  /** 10,000 articles saved through the catalog into a real embedded store (so all are cached). */
  @Setup
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench-data")), "articles-");
    store = TestGateway.await(Stores.open(vertx,
        new LinkgateConfig.Store(LinkgateConfig.StoreType.EMBEDDED, dir.resolve("linkgate"), null)));
    catalog = new ArticleCatalog(new ArticleRepository(store), 100_000);
    List<ArticleChange> changes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      changes.add(new ArticleChange("article-" + i, "https://example.org/" + i, "t", true, true));
    }
    TestGateway.await(catalog.saveAll(changes, 0));
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new String(("article-" + i * 7).toCharArray()); // fresh Strings, as requests carry
    }
  }

  @TearDown
  public void tearDown() {
    TestGateway.await(store.close());
    TestGateway.await(vertx.close());
  }

  @Benchmark
  public Article hit() {
    String id = ids[n++ & 1023];
    return Article.validId(id) ? catalog.cached(id) : null;
  }
}
