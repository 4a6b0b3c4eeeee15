package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.Application;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Activity Finder in headless Chromium against the real server on the bundled demo data: search by postcode
 * and activity (with the keyboard type-ahead), each filter narrowing the list, a marker per result, the session
 * page, the deep link, "no sessions match" with its widening hint, "more", the print view and a 360 px phone.
 * Every state is checked with axe-core and saved as a screenshot under {@code target/screenshots/}. The map's tile
 * server is a closed loopback port: the page must work without tiles.
 */
class ActivityFinderIT {

  private static final String WALKING = "95092977-5a20-4d6e-b312-8fddabe71544";
  private static final String VISUAL_IMPAIRMENT = "1393f2dc-3fcc-4be9-a99f-f1e51f5ad277";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final FinderSession finder = new FinderSession();
  private static Application app;
  private static Browser browser;

  @BeforeAll
  static void attach() {
    app = finder.app();
    browser = finder.browser();
  }

  @AfterEach
  void noConsoleErrors() {
    List<String> errors = browser.consoleErrors();
    browser.driver.manage().window().setSize(new Dimension(1280, 1000));
    browser.emulatePrint(false);
    assertThat(errors).as("browser console errors (CSP violations, script errors)").isEmpty();
  }

  @Test
  void searchByPostcodeAndActivityWithTheKeyboardTypeAhead() throws Exception {
    open("/");
    browser.assertAccessible("empty search form");
    browser.screenshot("01-search-form");

    WebElement postcode = byId("postcode");
    postcode.sendKeys("se15");
    WebElement activity = byId("activity");
    activity.sendKeys("walk");
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("activity-options")));
    assertThat(activity.getAttribute("aria-expanded")).isEqualTo("true");
    List<String> options = texts(By.cssSelector("#activity-options [role=option]"));
    assertThat(options).first().isEqualTo("Walking");
    assertThat(options).hasSize(8).contains("Walking Football", "Walking Netball");
    browser.assertAccessible("activity type-ahead open");
    browser.screenshot("02-type-ahead");
    activity.sendKeys(Keys.ARROW_DOWN);
    assertThat(activity.getAttribute("aria-activedescendant")).isEqualTo("activity-options-0");
    activity.sendKeys(Keys.ENTER);
    assertThat(activity.getAttribute("value")).isEqualTo("Walking");
    assertThat(byId("activity-options").isDisplayed()).isFalse();
    activity.sendKeys(Keys.ENTER); // submits the form

    waitForResults();
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?postcode=SE15&activity=Walking");
    List<String> ids = resultIds();
    assertThat(ids)
        .isNotEmpty()
        .isEqualTo(
            apiIds("postcode=SE15|3|mi&service-type:below=https://openactive.io/activity-list|" + WALKING + "&_count=10"));
    assertThat(text(By.id("results-heading"))).isEqualTo(ids.size() + " activities within 3 miles of SE15");
    for (WebElement result : results()) {
      assertThat(result.findElement(By.cssSelector(".tag")).getText()).containsIgnoringCase("walking");
      assertThat(result.findElement(By.cssSelector(".distance")).getText()).matches("\\d+\\.\\d miles");
      assertThat(result.findElements(By.cssSelector(".sessions li")).size()).isBetween(0, 3);
    }
    assertThat(distances()).isSorted();
    browser.assertAccessible("results");
    browser.driver.manage().window().setSize(new Dimension(1280, 1300));
    browser.driver.executeScript("window.scrollTo(0, 0)");
    browser.screenshot("03-results-with-map");
  }

  @Test
  void eachFilterNarrowsTheList() throws Exception {
    String baseline = "/?postcode=SE15&distance=5";
    open(baseline);
    waitForResults();
    int all = headingCount();
    assertThat(all).isEqualTo(apiTotal("postcode=SE15|5|mi"));

    List<String> narrowed = new ArrayList<>();
    Map<String, Consumer<Void>> filters =
        Map.of(
            "day", v -> click(By.cssSelector("label[for=day-sat]")),
            "time", v -> click(By.cssSelector("label[for=time-morning]")),
            "age", v -> byId("age").sendKeys("8"),
            "gender", v -> new Select(byId("gender")).selectByValue("male"),
            "accessibility", v -> click(By.xpath("//label[normalize-space()='Visual impairment support']")),
            "free", v -> click(By.cssSelector("label[for=free]")),
            "activity", v -> byId("activity").sendKeys("Walking"));
    Map<String, String> api =
        Map.of(
            "day", "day-of-week=sat",
            "time", "time-of-day=le13:00",
            "age", "age=8",
            "gender", "gender=male",
            "accessibility", "characteristic=https://openactive.io/accessibility-support|" + VISUAL_IMPAIRMENT,
            "free", "price=0",
            "activity", "service-type:below=https://openactive.io/activity-list|" + WALKING);
    for (Map.Entry<String, Consumer<Void>> filter : filters.entrySet()) {
      open(baseline);
      waitForResults();
      openFilters();
      filter.getValue().accept(null);
      submit();
      waitForResults();
      int count = headingCount();
      assertThat(count).as(filter.getKey()).isPositive().isLessThan(all);
      assertThat(count).as(filter.getKey()).isEqualTo(apiTotal("postcode=SE15|5|mi&" + api.get(filter.getKey())));
      narrowed.add(filter.getKey());
    }
    assertThat(narrowed).hasSize(7);

    // Free only: every price shown is free. Places: every result has a session within 7 days.
    open(baseline + "&free=1");
    waitForResults();
    assertThat(texts(By.cssSelector("#results .price"))).isNotEmpty().allMatch(p -> p.startsWith("Free"));
    open(baseline);
    waitForResults();
    openFilters();
    click(By.cssSelector("label[for=places]"));
    submit();
    waitForResults();
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?postcode=SE15&distance=5&places=1");
    assertThat(text(By.id("results-heading")))
        .matches("\\d+ of the \\d+ nearest activities within 5 miles of SE15 have places in the next 7 days");
    assertThat(results()).isNotEmpty().allSatisfy(r -> assertThat(r.findElements(By.cssSelector(".sessions li"))).isNotEmpty());
    browser.assertAccessible("filters open with places");
    browser.screenshot("04-filtered");
  }

  @Test
  void theMapShowsAMarkerPerResultAndSelectionGoesBothWays() {
    open("/?postcode=SE15&distance=5");
    waitForResults();
    List<WebElement> results = results();
    List<WebElement> markers = markers();
    assertThat(markers).hasSize(results.size()).hasSize(10);
    for (int i = 0; i < results.size(); i++) {
      String name = resultName(results.get(i));
      assertThat(markers.get(i).getAttribute("aria-label")).isEqualTo("Result " + (i + 1) + ": " + name);
    }
    assertThat(byId("map").getAttribute("aria-label")).startsWith("Map of the results");

    markers.get(2).click();
    assertThat(results().get(2).getAttribute("class")).contains("selected");
    assertThat(markers().get(2).getAttribute("aria-pressed")).isEqualTo("true");
    results().get(0).findElement(By.xpath(".//button[normalize-space()='Show on map']")).click();
    assertThat(markers().get(0).getAttribute("class")).contains("selected");
    assertThat(results().get(0).getAttribute("class")).contains("selected");
    assertThat(results().get(2).getAttribute("class")).doesNotContain("selected");
    browser.assertAccessible("marker selected");
    browser.screenshot("05-marker-selected");

    // By keyboard: Enter on a focused marker selects its result and moves focus to it.
    markers().get(3).sendKeys(Keys.ENTER);
    assertThat(results().get(3).getAttribute("class")).contains("selected");
    assertThat(browser.driver.switchTo().activeElement().getAttribute("href")).contains("service=" + resultIds().get(3));

    // "More" appends the next page, numbered on, with its markers.
    click(By.id("more"));
    browser.wait.until(d -> results().size() == 20);
    assertThat(markers()).hasSize(20);
    assertThat(results().get(10).findElement(By.cssSelector(".result-number")).getText()).isEqualTo("11");
  }

  @Test
  void noSessionsMatchOffersAWiderSearch() {
    open("/?postcode=SE15&distance=1&activity=Yoga");
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-results")));
    assertThat(text(By.id("results-heading"))).isEqualTo("No sessions match within 1 mile of SE15");
    WebElement hint = browser.driver.findElement(By.cssSelector("#no-results a.hint-link"));
    assertThat(hint.getText()).isEqualTo("Search within 2 miles");
    browser.assertAccessible("no results");
    browser.screenshot("06-no-results");
    hint.click();
    waitForResults();
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?postcode=SE15&distance=2&activity=Yoga");
    assertThat(resultIds()).isNotEmpty();
  }

  @Test
  void useMyLocationSearchesAroundThePosition() {
    open("/");
    browser.driver.executeCdpCommand(
        "Browser.grantPermissions", Map.of("origin", app.baseUrl().toString(), "permissions", List.of("geolocation")));
    browser.driver.executeCdpCommand(
        "Emulation.setGeolocationOverride", Map.of("latitude", 51.4715, "longitude", -0.0639, "accuracy", 10));
    click(By.id("use-location"));
    waitForResults();
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?near=51.4715%2C-0.0639");
    assertThat(text(By.id("results-heading"))).endsWith(" activities within 3 miles of your location");
    assertThat(byId("postcode").getAttribute("placeholder")).isEqualTo("Using your location");
    assertThat(browser.driver.findElements(By.cssSelector("#map path.search-point"))).hasSize(1);
    assertThat(distances()).isSorted();
    browser.screenshot("11-my-location");
  }

  @Test
  void aMissingOrUnknownPostcodeIsExplained() {
    open("/");
    submit();
    WebElement error = byId("postcode-error");
    assertThat(error.isDisplayed()).isTrue();
    assertThat(error.getText()).isEqualTo("Error: Enter a postcode or area, or use your location");
    assertThat(byId("postcode").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("postcode");
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(app.baseUrl() + "/");
    browser.assertAccessible("missing postcode");
    browser.screenshot("12-missing-postcode");

    open("/?postcode=ZZ99");
    waitForResults();
    assertThat(text(By.id("search-error")))
        .contains("No UK postcode or area ZZ99 is known. Check it and try again");
    browser.assertAccessible("unknown postcode");
    // The API's 400 is the one console message: the page explains it.
    assertThat(browser.consoleErrors()).singleElement().asString().contains("status of 400");
  }

  @Test
  void theSessionPageShowsWhatTheDataSaysWithAttribution() throws Exception {
    open("/?postcode=SE15&activity=Walking");
    waitForResults();
    String id = resultIds().get(0);
    String name = resultName(results().get(0));
    click(By.cssSelector("#results > li.result:first-child .result-actions a.button"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-title")));
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?service=" + id + "&postcode=SE15&activity=Walking");
    assertThat(text(By.id("session-title"))).isEqualTo(name);
    JsonNode service = api("HealthcareService/" + id);
    assertThat(text(By.cssSelector(".session-page"))).contains(service.path("comment").asText());
    assertThat(texts(By.cssSelector(".facts dt"))).contains("Activity", "Organiser", "When", "Who can go");
    assertThat(texts(By.cssSelector(".sessions.long li")))
        .isNotEmpty()
        .allMatch(s -> s.matches("(?s)\\w+day \\d+ \\w+, \\d{2}:\\d{2}–\\d{2}:\\d{2} (\\d+ places? left|Places available) Book.*"));
    String attribution = text(By.cssSelector(".attribution"));
    assertThat(attribution)
        .contains("Published as open data by " + service.at("/providedBy/display").asText())
        .contains("CC BY 4.0")
        .contains("Last collected");
    assertThat(browser.driver.findElements(By.cssSelector("#session-map .result-marker"))).hasSize(1);
    browser.assertAccessible("session page");
    browser.screenshot("07-session");

    browser.driver.navigate().back();
    waitForResults();
    assertThat(resultIds().get(0)).isEqualTo(id);
  }

  @Test
  void aDeepLinkPreFillsAndRunsTheSearch() throws Exception {
    String deepLink = "/?postcode=SE15&age=70&gender=female&activity=" + WALKING;
    open(deepLink); // once to warm the server's JIT, as any running server is
    waitForResults();
    open(deepLink);
    waitForResults();
    // First results, from the start of the page load (page, scripts, search and sessions).
    int shownAt = Integer.parseInt(byId("results-section").getAttribute("data-shown-at"));
    System.out.println("Deep link: first results " + shownAt + " ms after the page load began");
    // Logged, not judged: speed is measured on a quiet machine, never asserted by a test on a shared one.
    assertThat(shownAt).isPositive();
    assertThat(byId("postcode").getAttribute("value")).isEqualTo("SE15");
    assertThat(byId("more-filters").getAttribute("open")).isNotNull();
    assertThat(byId("age").getAttribute("value")).isEqualTo("70");
    assertThat(new Select(byId("gender")).getFirstSelectedOption().getText()).isEqualTo("Women");
    // The code is shown by its label once the activity list has loaded.
    browser.wait.until(d -> "Walking".equals(byId("activity").getAttribute("value")));
    assertThat(resultIds())
        .isNotEmpty()
        .isEqualTo(
            apiIds(
                "postcode=SE15|3|mi&age=70&gender=female&service-type:below=https://openactive.io/activity-list|"
                    + WALKING
                    + "&_count=10"));
    browser.assertAccessible("deep link");
    browser.screenshot("08-deep-link");
  }

  @Test
  void thePrintViewListsTheChosenActivitiesWithTimesAndContacts() {
    open("/?postcode=SE15&activity=Walking");
    waitForResults();
    List<WebElement> results = results();
    assertThat(results.size()).isGreaterThan(1);
    results.get(1).findElement(By.cssSelector("input.choose-box")).click();
    assertThat(text(By.id("print-results"))).isEqualTo("Print 1 chosen");

    browser.emulatePrint(true);
    assertThat(byId("search").isDisplayed()).isFalse();
    assertThat(byId("map").isDisplayed()).isFalse();
    assertThat(results().get(0).isDisplayed()).isFalse();
    WebElement chosen = results().get(1);
    assertThat(chosen.isDisplayed()).isTrue();
    assertThat(chosen.findElements(By.cssSelector(".sessions li"))).isNotEmpty();
    assertThat(chosen.getText()).contains("Phone").contains("Address");
    browser.screenshot("09-print-view");
    browser.printToPdf("09-print-view");
  }

  @Test
  void worksOnA360PixelWidePhone() {
    browser.driver.manage().window().setSize(new Dimension(360, 800));
    open("/?postcode=SE15&activity=Walking");
    waitForResults();
    browser.screenshot("10-phone");
    Number scrollWidth = (Number) browser.driver.executeScript("return document.documentElement.scrollWidth");
    assertThat(scrollWidth.intValue()).isLessThanOrEqualTo(360);
    assertThat(byId("map").isDisplayed()).isTrue();
    browser.assertAccessible("phone results");
  }

  // Helpers

  private static void open(String path) {
    finder.open(path);
  }

  /** Waits until the list shows the search the address bar names. */
  private static void waitForResults() {
    finder.waitForResults();
  }

  private static void openFilters() {
    WebElement details = byId("more-filters");
    if (details.getAttribute("open") == null) {
      details.findElement(By.tagName("summary")).click();
    }
  }

  private static void submit() {
    click(By.cssSelector("#search button[type=submit]"));
  }

  private static void click(By by) {
    finder.click(by);
  }

  private static WebElement byId(String id) {
    return finder.byId(id);
  }

  private static String text(By by) {
    return finder.text(by);
  }

  private static List<String> texts(By by) {
    return finder.texts(by);
  }

  private static List<WebElement> results() {
    return finder.results();
  }

  private static List<WebElement> markers() {
    return browser.driver.findElements(By.cssSelector("#map .result-marker"));
  }

  /** A result's name as its heading shows it (less the number read out to screen readers). */
  private static String resultName(WebElement result) {
    return result.findElement(By.cssSelector(".result-name a")).getText().replaceFirst("^\\d+\\.\\s*", "");
  }

  private static List<String> resultIds() {
    return results().stream().map(r -> r.getAttribute("data-id")).toList();
  }

  private static List<Double> distances() {
    return texts(By.cssSelector("#results .distance")).stream()
        .map(t -> t.equals("under 0.1 miles") ? 0.0 : Double.parseDouble(t.replace(" miles", "")))
        .toList();
  }

  private static int headingCount() {
    Matcher m = Pattern.compile("^(\\d+) activit").matcher(text(By.id("results-heading")));
    assertThat(m.find()).as(text(By.id("results-heading"))).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static List<String> apiIds(String query) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode entry : api("HealthcareService?" + query).path("entry")) {
      ids.add(entry.at("/resource/id").asText());
    }
    return ids;
  }

  private static int apiTotal(String query) throws Exception {
    return api("HealthcareService?" + query + "&_summary=count").path("total").asInt();
  }

  private static JsonNode api(String query) throws Exception {
    String encoded = query.replace("|", URLEncoder.encode("|", StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/fhir/" + encoded))
                .header("Accept", "application/fhir+json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(query).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
