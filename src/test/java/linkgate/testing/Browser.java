package linkgate.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, set up as STACK.md §7 says: both paths
 * explicit (Selenium Manager never runs, nothing is downloaded), {@code --no-sandbox} for root,
 * background networking off, a fresh profile under target/. Scrollbars are hidden, so that the
 * page is laid out at the window's width and whole-page screenshots show it as laid out.
 *
 * <p>A missing browser <em>fails</em> the test: CI installs it ({@code .ci/run}), and a skipped
 * browser test would pass silently. {@code -Dlinkgate.chromium=...} and
 * {@code -Dlinkgate.chromedriver=...} point elsewhere.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of(System.getProperty("linkgate.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Path.of(System.getProperty("linkgate.chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /** Starts Chromium with a window of {@code width} x {@code height} CSS pixels, English (US). */
  public static Browser start(int width, int height) {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(binary)) {
        fail(binary + " is missing: the dashboard's browser test needs Debian's chromium and"
            + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does this)");
      }
    }
    Path profile;
    try {
      Path base = Path.of("target").toAbsolutePath();
      Files.createDirectories(base);
      profile = Files.createTempDirectory(base, "chrome-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--lang=en-US", "--hide-scrollbars", "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    try {
      return new Browser(service, new ChromeDriver(service, options));
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** A wait of at most 10 s. */
  public WebDriverWait await() {
    return new WebDriverWait(driver, Duration.ofSeconds(10));
  }

  /** Runs {@code script} in the page and returns its value. */
  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** The browser console since the last call. */
  public List<LogEntry> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  /** Saves the whole page (not only the window) as target/screenshots/{name}.png. */
  @SuppressWarnings("unchecked")
  public Path screenshot(String name) {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
        "format", "png",
        "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "scale", 1,
            "width", ((Number) size.get("width")).doubleValue(),
            "height", ((Number) size.get("height")).doubleValue())));
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves what the window shows as target/screenshots/{name}.png (for long pages). */
  public Path windowScreenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }

  /** A file under target/ for uploads. */
  public static File file(String name, String content) {
    try {
      Path dir = Path.of("target", "browser-files").toAbsolutePath();
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), content).toFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
