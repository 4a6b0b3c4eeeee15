package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.auth.DemoUsers;
import dev.activityfhir.server.config.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Signing in to the Activity Finder in headless Chromium on the default demo run: "Sign in" in the header, the
 * built-in server's form (checked with axe-core, at desktop and 360 px phone width), a wrong password, the demo
 * link worker's password, and back at the very search the person left with "Signed in as ...". The page's
 * {@code auth.js} then hands out an access token the referral side accepts. Screenshots under {@code
 * target/screenshots/}.
 */
class SignInIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  private static Application app;
  private static Browser browser;

  @RegisterExtension
  final TestWatcher screenshotOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser != null) {
            browser.screenshot("failed-sign-in-" + context.getRequiredTestMethod().getName());
          }
        }
      };

  @BeforeAll
  static void start() throws Exception {
    app =
        Application.newServer(
            AppConfig.fromEnvironment(
                Map.of(
                    "PORT", "0",
                    "BIND_ADDRESS", "127.0.0.1",
                    "DATA_DIR", dataDir.toString(),
                    "MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png")));
    app.start();
    // Signing in needs the server, not the whole demo harvest (the provider's test waits for its services).
    assertThat(app.awaitFhirReady(Duration.ofSeconds(120))).isTrue();
    browser = Browser.start(1280, 1000);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @AfterEach
  void noConsoleErrors() {
    List<String> errors = browser.consoleErrors();
    browser.driver.manage().window().setSize(new Dimension(1280, 1000));
    browser.driver.manage().deleteAllCookies();
    browser.driver.executeScript("window.sessionStorage.clear()");
    assertThat(errors).as("browser console errors (CSP violations, script errors)").isEmpty();
  }

  @Test
  void theDemoLinkWorkerSignsInThroughTheFormAndComesBackToTheSameSearch() throws Exception {
    String search = app.baseUrl() + "/?postcode=SE15&activity=Walking";
    browser.driver.get(search);
    browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
    browser.assertAccessible("page header signed out");
    browser.driver.findElement(By.id("sign-in")).click();

    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    assertThat(browser.driver.getCurrentUrl()).contains("/auth/authorize?").contains("code_challenge_method=S256");
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("username");
    assertThat(browser.driver.findElement(By.id("demo-heading")).getText()).isEqualTo("Demo users");
    assertThat(browser.driver.findElement(By.cssSelector(".demo table")).getText())
        .contains(DemoUsers.LINK_WORKER, DemoUsers.LINK_WORKER_PASSWORD, DemoUsers.PROVIDER);
    browser.assertAccessible("sign-in form");
    browser.screenshot("sign-in-01-form");

    FinderSignIn.fillSignInForm(browser.driver, DemoUsers.LINK_WORKER, "not the password");
    String error =
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error"))).getText();
    assertThat(error).isEqualTo("The username or password is not right. Check them and try again.");
    assertThat(browser.driver.findElement(By.id("username")).getAttribute("value")).isEqualTo(DemoUsers.LINK_WORKER);
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
    browser.assertAccessible("sign-in form with an error");
    browser.screenshot("sign-in-02-wrong-password");

    browser.driver.manage().window().setSize(new Dimension(360, 800));
    long overflow =
        (Long) browser.driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
    assertThat(overflow).as("no sideways scrolling at 360 px").isLessThanOrEqualTo(0);
    browser.assertAccessible("sign-in form at 360 px");
    browser.screenshot("sign-in-03-phone");
    browser.driver.manage().window().setSize(new Dimension(1280, 1000));

    FinderSignIn.fillSignInForm(browser.driver, DemoUsers.LINK_WORKER, DemoUsers.LINK_WORKER_PASSWORD);
    String signedIn = FinderSignIn.waitUntilSignedIn(browser.driver);
    assertThat(signedIn)
        .isEqualTo("Signed in as Robin Demo (link worker) ([Demo] Southwark Link Worker Service)");
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(search);
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-section")));
    browser.assertAccessible("signed in, results");
    browser.screenshot("sign-in-04-signed-in");

    JsonNode user = currentUser();
    assertThat(user.get("name").asText()).isEqualTo("Robin Demo (link worker)");
    assertThat(user.get("organization").asText()).isEqualTo(DemoUsers.LINK_WORKER_ORGANIZATION);
    assertThat(user.get("role").asText()).isEqualTo("referrer");
    assertThat(JSON.convertValue(user.get("scopes"), List.class))
        .contains("openid", "user/ServiceRequest.crs", "user/Task.rs");
    HttpRequest taskSearch =
        HttpRequest.newBuilder(app.baseUrl().resolve("/fhir/Task?status=requested"))
            .header("Authorization", "Bearer " + user.get("accessToken").asText())
            .build();
    HttpResponse<String> tasks = HTTP.send(taskSearch, HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (tasks.statusCode() == 503 && System.nanoTime() < deadline) { // the referral side opens a little later
      Thread.sleep(300);
      tasks = HTTP.send(taskSearch, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
    assertThat(JSON.readTree(tasks.body()).get("resourceType").asText()).isEqualTo("Bundle");

    FinderSignIn.signOut(browser.driver);
    assertThat(currentUser().isNull()).isTrue();
  }

  @Test
  void theDemoProviderSignsInWithTheHelperAndItsOrganisationRunsDemoServices() throws Exception {
    String signedIn = FinderSignIn.signIn(browser.driver, app.baseUrl() + "/", DemoUsers.PROVIDER);
    assertThat(signedIn).isEqualTo("Signed in as Alex Demo (activity provider) ([Demo] Active Neighbours CIC)");
    JsonNode user = currentUser();
    assertThat(user.get("role").asText()).isEqualTo("provider");
    assertThat(user.get("organization").asText()).isEqualTo(DemoUsers.PROVIDER_ORGANIZATION);

    String id = DemoUsers.PROVIDER_ORGANIZATION.substring("Organization/".length());
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    int services = 0;
    while (services == 0 && System.nanoTime() < deadline) { // the demo harvest may still be running
      services = get("/fhir/HealthcareService?organization=" + id + "&_summary=count").get("total").asInt();
      if (services == 0) {
        Thread.sleep(500);
      }
    }
    assertThat(services).as("demo services run by the demo provider's organisation").isPositive();
    assertThat(get("/fhir/Organization/" + id).get("name").asText()).isEqualTo("[Demo] Active Neighbours CIC");
  }

  @Test
  void goingBackWithoutSigningInLeavesThePageSignedOut() {
    String page = app.baseUrl() + "/?postcode=SE1";
    browser.driver.get(page);
    browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Go back without signing in"))).click();
    browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
    browser.wait.until(ExpectedConditions.urlToBe(page));
    assertThat(browser.driver.findElements(By.id("signed-in-as"))).isEmpty();
  }

  /** What the page's auth.js says about the signed-in person. */
  private static JsonNode currentUser() throws Exception {
    Object json =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const src = document.querySelector('script[type=module]').src.replace(/app\\.js$/, 'auth.js');"
                + "import(src).then(m => m.currentUser()).then(u => done(JSON.stringify(u)),"
                + " e => done(JSON.stringify({error: String(e)})));");
    return JSON.readTree(String.valueOf(json));
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
