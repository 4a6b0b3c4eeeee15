package dev.activityfhir.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.HealthProbe;
import dev.activityfhir.server.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Activity Finder's browser tests' fixture: the real server on the bundled demo data (harvested before the
 * first test), its own data directory, map tiles from a closed loopback port (the page must work without tiles),
 * and headless Chromium; a failed test leaves a screenshot named after it. Register as a static field.
 */
final class FinderSession implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private Path dataDir;
  private Application app;
  private Browser browser;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("finder-");
    app =
        Application.newServer(
            AppConfig.fromEnvironment(
                Map.of(
                    "PORT", "0",
                    "BIND_ADDRESS", "127.0.0.1",
                    "DATA_DIR", dataDir.toString(),
                    "MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png")));
    app.start();
    // The whole demo harvest takes minutes on a busy shared machine.
    HealthProbe.await(app, FinderSession::demoHarvested, Duration.ofMinutes(5));
    browser = Browser.start(1280, 1000);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (browser != null) {
      browser.close();
    }
    if (app != null) {
      app.close();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(FinderSession::delete);
      }
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (browser != null) {
      browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
    }
  }

  Application app() {
    return app;
  }

  Browser browser() {
    return browser;
  }

  /** The server's data directory (its signing key lives there). */
  Path dataDir() {
    return dataDir;
  }

  /**
   * Signs the browser in as the demo user {@code username} through the page's "Sign in" and the built-in server's
   * form (signing out whoever is signed in first); {@code screenshot}, when not null, names a screenshot of the
   * form. Answers the header's "Signed in as ..." text.
   */
  String signInAs(String username, String screenshot) {
    signOut();
    click(By.id("sign-in"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    if (screenshot != null) {
      browser.screenshot(screenshot);
    }
    FinderSignIn.fillSignInForm(browser.driver, username, FinderSignIn.demoPassword(username));
    return FinderSignIn.waitUntilSignedIn(browser.driver);
  }

  /** Opens the home page signed out (signs out with the header's button when someone is signed in). */
  void signOut() {
    open("/");
    browser.wait.until(d -> !d.findElements(By.cssSelector("#sign-in, #sign-out")).isEmpty());
    if (!browser.driver.findElements(By.id("sign-out")).isEmpty()) {
      FinderSignIn.signOut(browser.driver);
    }
  }

  void open(String path) {
    browser.driver.get(app.baseUrl() + path);
  }

  /** Waits until the list shows the search the address bar names. */
  void waitForResults() {
    browser.wait.until(
        d -> {
          String query = URI.create(d.getCurrentUrl()).getRawQuery();
          return ("?" + query).equals(d.findElement(By.id("results-section")).getAttribute("data-shown"));
        });
  }

  List<WebElement> results() {
    return browser.driver.findElements(By.cssSelector("#results > li.result"));
  }

  void click(By by) {
    browser.wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  WebElement byId(String id) {
    return browser.driver.findElement(By.id(id));
  }

  String text(By by) {
    return browser.driver.findElement(by).getText();
  }

  List<String> texts(By by) {
    return browser.driver.findElements(by).stream().map(WebElement::getText).toList();
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All four demo feeds caught up. */
  private static boolean demoHarvested(JsonNode health) {
    JsonNode feeds = health.get("feeds");
    if (feeds == null || feeds.size() != 4) {
      return false;
    }
    for (JsonNode feed : feeds) {
      if (!"caught-up".equals(feed.get("state").asText())) {
        return false;
      }
    }
    return true;
  }
}
