package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for the browser tests: loopback only
 * (every other host name fails to resolve), screenshots under {@code target/screenshots/}, and axe-core (from the
 * npm registry, copied onto the test classpath by the build) run in the page.
 */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final String axeSource;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    this.axeSource = resource("/axe/axe.min.js");
  }

  /** Starts Chromium at the given window size; fails clearly when Chromium or its driver is not installed. */
  static Browser start(int width, int height) {
    File chromium = executable("CHROME_BIN", "/usr/bin/chromium");
    File chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=" + width + "," + height,
        "--force-device-scale-factor=1",
        "--lang=en-GB",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        // Nothing but loopback: a request to any other host fails at once.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  private static File executable(String variable, String fallback) {
    String configured = System.getenv(variable);
    File file = new File(configured == null || configured.isBlank() ? fallback : configured);
    if (!file.canExecute()) {
      throw new IllegalStateException(
          file + " is missing: install Debian's chromium and chromium-driver (.ci/run does), or set " + variable);
    }
    return file;
  }

  /** Saves a screenshot of the viewport as {@code target/screenshots/<name>.png}. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves the page as the browser prints it, {@code target/screenshots/<name>.pdf}. */
  void printToPdf(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      String pdf = driver.print(new PrintOptions()).getContent();
      Files.write(SCREENSHOTS.resolve(name + ".pdf"), Base64.getDecoder().decode(pdf));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Emulates print media (true) or screen (false) for the page's CSS. */
  void emulatePrint(boolean print) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", print ? "print" : ""));
  }

  /** Runs axe-core on the page as it is and fails on any serious or critical violation. */
  void assertAccessible(String state) {
    driver.executeScript(axeSource);
    Object found =
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify("
                + "r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                + " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))));");
    assertThat(found).as("serious or critical axe violations: " + state).isEqualTo("[]");
  }

  /** Browser console errors so far, less failed tile loads (tests have no tile server). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("127.0.0.1:9/"))
        .toList();
  }

  private static String resource(String name) {
    try (InputStream in = Browser.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the test classpath (the build copies it from npm)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
