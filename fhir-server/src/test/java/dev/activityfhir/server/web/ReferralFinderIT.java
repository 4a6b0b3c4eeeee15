package dev.activityfhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.auth.DemoUsers;
import dev.activityfhir.server.auth.TokenCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Referring from the Activity Finder in headless Chromium, against the real server and its demo data, signed in
 * through the page's OpenID Connect sign-in as the demo users: the link worker refers a person to a session of the
 * demo provider's organisation, sees the referral requested and in "My referrals"; the demo provider (a second
 * sign-in) sees it with the person's details and accepts it; the link worker's "My referrals" shows it accepted, marked updated. Also the form's errors, declining
 * with a reason, and a stale Task answering 412. Every state passes axe-core; each step is a screenshot under
 * {@code target/screenshots/}.
 */
class ReferralFinderIT {

  private static final String REFERRER_ORG = DemoUsers.LINK_WORKER_ORGANIZATION;
  private static final String PROVIDER_ORG = DemoUsers.PROVIDER_ORGANIZATION;
  /** For the test's own API checks (the page uses the signed-in user's token). */
  private static final String REFERRER_SCOPES = "system/ServiceRequest.rs system/Task.rs";
  private static final String PROVIDER_SCOPES =
      "system/ServiceRequest.rs system/Patient.rs system/Consent.rs system/Task.rus";
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
    assertThat(errors)
        .as("browser console errors other than the API refusals the page explains")
        .allMatch(e -> e.matches("(?s).*status of (400|409|412|422).*"));
  }

  @Test
  void aLinkWorkerRefersToASessionAndTheProviderAcceptsIt() throws Exception {
    assertThat(finder.signInAs(DemoUsers.LINK_WORKER, "19-sign-in-form"))
        .isEqualTo("Signed in as Robin Demo (link worker) ([Demo] Southwark Link Worker Service)");
    finder.open("/?postcode=SE15&distance=5&places=1");
    finder.waitForResults();
    // The first result run by the demo provider's organisation, so that the demo provider receives the referral.
    List<String> providers = providerServices("");
    WebElement first =
        finder.results().stream().filter(r -> providers.contains(r.getAttribute("data-id"))).findFirst().orElseThrow();
    assertThat(first.findElement(By.cssSelector("a.refer")).getText()).isEqualTo("Refer");
    assertThat(finder.text(By.id("my-referrals-link"))).isEqualTo("My referrals");
    browser.assertAccessible("results, signed in as a referrer");
    browser.driver.executeScript("arguments[0].scrollIntoView()", first);
    browser.screenshot("20-referrer-results");

    // The session page: "Refer someone" for the service, "Refer" on each session.
    String serviceId = first.getAttribute("data-id");
    first.findElement(By.cssSelector(".result-actions a.button")).click();
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("refer-service")));
    List<WebElement> sessionLinks = browser.driver.findElements(By.cssSelector("a.refer-session"));
    assertThat(sessionLinks).isNotEmpty();
    String slotId = sessionLinks.get(0).getAttribute("data-slot");
    assertThat(sessionLinks.get(0).getText()).startsWith("Refer");
    browser.assertAccessible("session page with Refer");
    sessionLinks.get(0).click();

    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-form")));
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?refer=" + serviceId + "&slot=" + slotId);
    JsonNode service = api("HealthcareService/" + serviceId);
    assertThat(finder.text(By.id("referral-title"))).isEqualTo("Refer someone to " + service.path("name").asText());
    assertThat(finder.text(By.id("referral-session"))).startsWith("Session: ");
    browser.assertAccessible("empty referral form");
    browser.screenshot("21-referral-form");

    // Sent empty, then with a wrong check digit: the errors are named beside their fields and summarised.
    submitReferral();
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-errors")));
    assertThat(finder.texts(By.cssSelector("#referral-errors li")))
        .containsExactly(
            "Enter the person’s NHS number",
            "Enter the person’s first name",
            "Enter the person’s last name",
            "Enter the person’s date of birth",
            "Choose how the provider should contact the person",
            "Enter the reason for the referral",
            "The person must agree to share their details before you refer them");
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("referral-errors");
    finder.byId("nhs-number").sendKeys("943 476 5918");
    submitReferral();
    assertThat(finder.text(By.id("nhs-number-error"))).isEqualTo("Error: This is not a valid NHS number: check each digit");
    assertThat(finder.byId("nhs-number").getAttribute("aria-invalid")).isEqualTo("true");
    browser.assertAccessible("referral form with errors");
    browser.screenshot("22-referral-form-errors");

    String nhsNumber = newNhsNumber();
    fill("nhs-number", nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6));
    fill("given-name", "Melanie");
    fill("family-name", "Jones");
    fill("dob-day", "11");
    fill("dob-month", "2");
    fill("dob-year", "1950");
    finder.click(By.cssSelector("label[for=contact-phone-choice]"));
    fill("contact-phone", "07700 900982");
    fill("reason", "Low mood since retiring; would like to walk with others.");
    finder.click(By.cssSelector("label[for=consent]"));
    browser.screenshot("23-referral-form-filled");
    submitReferral();

    // The referral as sent, with its Task requested.
    awaitSent("Melanie Jones");
    String referralId = queryParameter("referral");
    assertThat(byCss(".referral-page .status").getAttribute("data-status")).isEqualTo("requested");
    assertThat(finder.text(By.cssSelector(".confirmation"))).contains("Its status is Requested");
    assertThat(facts()).containsEntry("NHS number", nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6))
        .containsEntry("Date of birth", "11 February 1950")
        .containsEntry("Contact by", "Phone: 07700 900982")
        .containsEntry("Activity", service.path("name").asText());
    assertThat(facts().get("Session")).matches("\\w+day \\d+ \\w+, \\d{2}:\\d{2}–\\d{2}:\\d{2}");
    JsonNode stored = referrerApi("ServiceRequest/" + referralId);
    assertThat(stored.at("/performer/0/reference").asText()).isEqualTo("HealthcareService/" + serviceId);
    assertThat(stored.at("/requester/identifier/value").asText()).isEqualTo(REFERRER_ORG);
    assertThat(stored.path("supportingInfo").toString()).contains("\"Slot/" + slotId + "\"");
    browser.assertAccessible("referral sent");
    browser.screenshot("24-referral-sent");
    Files.copy(
        Browser.SCREENSHOTS.resolve("24-referral-sent.png"),
        Browser.SCREENSHOTS.resolve("activity-finder-referral.png"),
        StandardCopyOption.REPLACE_EXISTING);

    // My referrals lists it (a first visit marks nothing).
    finder.click(By.id("my-referrals-link"));
    WebElement mine = referralItem(referralId);
    assertThat(mine.getAttribute("data-status")).isEqualTo("requested");
    assertThat(mine.getText()).contains("Melanie Jones").contains(service.path("name").asText()).contains("Requested");
    assertThat(mine.findElements(By.cssSelector(".change-mark"))).isEmpty();
    assertThat(finder.text(By.cssSelector("#referral-view .title-bar + p")))
        .isEqualTo("Referrals made by [Demo] Southwark Link Worker Service, most recently changed first.");
    assertThat(finder.text(By.id("changes-summary"))).isEqualTo("From your next visit, referrals that change are marked here.");
    browser.assertAccessible("my referrals");
    browser.screenshot("25-my-referrals");

    // The provider signs in, finds the referral with the person's details, and accepts it.
    assertThat(service.at("/providedBy/reference").asText()).isEqualTo(PROVIDER_ORG);
    assertThat(finder.signInAs(DemoUsers.PROVIDER, "25a-provider-sign-in"))
        .isEqualTo("Signed in as Alex Demo (activity provider) ([Demo] Active Neighbours CIC)");
    finder.click(By.id("provider-link"));
    WebElement task = providerItem(referralId);
    assertThat(task.getAttribute("data-status")).isEqualTo("requested");
    assertThat(task.getText())
        .contains("Melanie Jones")
        .contains("Phone: 07700 900982")
        .contains("Low mood since retiring; would like to walk with others.");
    assertThat(finder.text(By.id("provider-link"))).isEqualTo("Referrals to us");
    assertThat(finder.text(By.cssSelector("#referral-view .title-bar + p")))
        .startsWith("Referrals to the services of [Demo] Active Neighbours CIC, newest first.");
    browser.assertAccessible("provider view");
    browser.screenshot("26-provider-tasks");
    task.findElement(By.cssSelector("button[data-action=accept]")).click();
    until(d -> "accepted".equals(providerItem(referralId).getAttribute("data-status")));
    assertThat(finder.text(By.id("provider-status"))).isEqualTo("Accept: done for Melanie Jones.");
    assertThat(providerItem(referralId).findElements(By.cssSelector("button[data-action=start]"))).hasSize(1);
    browser.assertAccessible("provider accepted");
    browser.screenshot("27-provider-accepted");

    // The referrer sees it accepted, marked as changed since the last visit.
    finder.signInAs(DemoUsers.LINK_WORKER, null);
    finder.click(By.id("my-referrals-link"));
    WebElement updated = referralItem(referralId);
    assertThat(updated.getAttribute("data-status")).isEqualTo("accepted");
    assertThat(updated.findElement(By.cssSelector(".status")).getText()).isEqualTo("Accepted");
    assertThat(updated.findElement(By.cssSelector(".change-mark")).getText()).isEqualTo("Updated");
    assertThat(finder.text(By.id("changes-summary"))).startsWith("1 referral has changed since your last visit");
    browser.assertAccessible("my referrals, one updated");
    browser.screenshot("28-my-referrals-updated");
  }

  @Test
  void theProviderDeclinesWithAReasonRecordsAttendanceAndIsToldOfAStaleTask() throws Exception {
    String serviceId = providerServices("&postcode=SE15%7C5%7Cmi").get(0);
    finder.signInAs(DemoUsers.LINK_WORKER, null);
    String declined = referByForm(serviceId, "Ada", "Lovelace");
    String attended = referByForm(serviceId, "Grace", "Hopper");

    finder.signInAs(DemoUsers.PROVIDER, null);
    finder.open("/?view=provider");
    WebElement task = providerItem(declined);
    task.findElement(By.cssSelector("button[data-action=decline]")).click();
    assertThat(task.findElement(By.cssSelector("button[data-action=decline]")).getAttribute("aria-expanded")).isEqualTo("true");
    task.findElement(By.cssSelector("button[data-action=decline-confirm]")).click();
    assertThat(task.findElement(By.cssSelector(".error-message")).getText()).isEqualTo("Error: Enter the reason for declining");
    task.findElement(By.cssSelector("textarea")).sendKeys("The group is for over-60s");
    task.findElement(By.cssSelector("button[data-action=decline-confirm]")).click();
    until(d -> "rejected".equals(providerItem(declined).getAttribute("data-status")));
    assertThat(providerItem(declined).getText()).contains("Declined").contains("Reason given\nThe group is for over-60s");

    // Accepted, then attendance recorded from the published business statuses.
    providerItem(attended).findElement(By.cssSelector("button[data-action=accept]")).click();
    until(d -> "accepted".equals(providerItem(attended).getAttribute("data-status")));
    Select outcome = new Select(providerItem(attended).findElement(By.cssSelector("select")));
    assertThat(outcome.getOptions().stream().map(WebElement::getText).toList())
        .containsExactly("Choose…", "Contacted", "Booked", "Attended first session", "Did not attend", "Completed programme");
    outcome.selectByVisibleText("Attended first session");
    providerItem(attended).findElement(By.cssSelector("button[data-action=outcome]")).click();
    until(d -> providerItem(attended).getText().contains("Accepted: Attended first session"));
    browser.assertAccessible("provider after decline and attendance");
    browser.screenshot("29-provider-declined-and-attended");

    // Someone else starts the Task meanwhile: "Start" on the stale page answers 412, said plainly.
    String taskId = providerItem(attended).getAttribute("data-task");
    String token = token(PROVIDER_ORG, PROVIDER_SCOPES);
    HttpResponse<String> patched =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/fhir/Task/" + taskId))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                    "[{\"op\":\"add\",\"path\":\"/note\",\"value\":[{\"text\":\"Called the person\"}]}]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    providerItem(attended).findElement(By.cssSelector("button[data-action=start]")).click();
    until(d -> providerItem(attended).findElement(By.cssSelector(".error-message")).isDisplayed());
    assertThat(providerItem(attended).findElement(By.cssSelector(".error-message")).getText())
        .startsWith("Error: Someone else changed this referral since you opened it.");
    assertThat(providerItem(attended).getAttribute("data-status")).isEqualTo("accepted");
    browser.screenshot("30-provider-stale");
  }

  @Test
  void aFullSessionIsRefusedWithTheServersReasonAndAWayToAnotherSession() throws Exception {
    // A session of the demo data with no places left, and the service whose Schedule it is on.
    String now = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    JsonNode slots = api("Slot?start=ge" + now + "&_count=500&_include=Slot:schedule");
    String slotId = null;
    String schedule = null;
    for (JsonNode entry : slots.path("entry")) {
      JsonNode slot = entry.path("resource");
      for (JsonNode extension : slot.path("extension")) {
        if (extension.path("url").asText().endsWith("/slot-capacity") && extension.path("valueInteger").asInt(-1) == 0) {
          slotId = slot.path("id").asText();
          schedule = slot.at("/schedule/reference").asText();
        }
      }
      if (slotId != null) {
        break;
      }
    }
    assertThat(slotId).as("a full session in the demo data").isNotNull();
    String serviceId = api(schedule).at("/actor/0/reference").asText().replace("HealthcareService/", "");

    finder.signInAs(DemoUsers.LINK_WORKER, null);
    finder.open("/?refer=" + serviceId + "&slot=" + slotId);
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-form")));
    assertThat(finder.text(By.id("referral-session"))).endsWith("(0 places left)");
    fillPerson("Alan", "Turing");
    submitReferral();
    new WebDriverWait(browser.driver, Duration.ofSeconds(120))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-errors")));
    List<String> problems = finder.texts(By.cssSelector("#referral-errors li"));
    assertThat(problems).hasSize(2).last().isEqualTo("Choose another session");
    assertThat(problems.get(0)).isEqualTo("Slot/" + slotId + " has no places left");
    assertThat(browser.driver.findElement(By.linkText("Choose another session")).getAttribute("href"))
        .endsWith("/?service=" + serviceId);
    assertThat(browser.driver.getCurrentUrl()).endsWith("/?refer=" + serviceId + "&slot=" + slotId);
    browser.assertAccessible("full session refused");
    browser.screenshot("33-full-session-refused");
  }

  @Test
  void referralViewsNeedTheRightSignInAndWorkOnA360PixelPhone() throws Exception {
    finder.signOut();
    finder.open("/?view=referrals");
    browser.wait.until(ExpectedConditions.textToBe(By.id("sign-in-title"), "Sign in to continue"));
    assertThat(finder.byId("sign-in").isDisplayed()).isTrue();
    browser.assertAccessible("sign-in needed");
    finder.signInAs(DemoUsers.LINK_WORKER, null);
    finder.open("/?view=provider");
    browser.wait.until(ExpectedConditions.textToBe(By.id("sign-in-title"), "This page is for another kind of account"));

    browser.driver.manage().window().setSize(new Dimension(360, 800));
    String serviceId = api("HealthcareService?postcode=SE15|5|mi&_count=1".replace("|", "%7C")).at("/entry/0/resource/id").asText();
    finder.open("/?refer=" + serviceId);
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-form")));
    assertThat(finder.text(By.id("referral-session"))).isEqualTo("Any session: the provider will arrange one with the person.");
    assertThat(scrollWidth()).isLessThanOrEqualTo(360);
    browser.assertAccessible("phone referral form");
    browser.screenshot("31-phone-referral-form");
    finder.open("/?view=referrals");
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referrals-title")));
    assertThat(scrollWidth()).isLessThanOrEqualTo(360);
    browser.screenshot("32-phone-my-referrals");
  }

  // Helpers

  /** The ids of the demo provider's services (with {@code filter}, more search parameters). */
  private static List<String> providerServices(String filter) throws Exception {
    String organization = PROVIDER_ORG.substring("Organization/".length());
    JsonNode bundle = api("HealthcareService?organization=" + organization + filter + "&_count=100");
    List<String> ids = new java.util.ArrayList<>();
    bundle.path("entry").forEach(e -> ids.add(e.at("/resource/id").asText()));
    assertThat(ids).as("demo services of " + PROVIDER_ORG).isNotEmpty();
    return ids;
  }

  /** A token from the jar's own token command, with the server's signing key and audience. */
  private static String token(String organization, String scopes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        TokenCommand.run(
            List.of("--org", organization, "--scope", scopes),
            Map.of("DATA_DIR", finder.dataDir().toString(), "PORT", String.valueOf(app.port())),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  /**
   * Refers a person to the service through the form (any session), signed in as the link worker, and answers the
   * ServiceRequest id.
   */
  private static String referByForm(String serviceId, String given, String family) {
    finder.open("/?refer=" + serviceId);
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("referral-form")));
    fillPerson(given, family);
    submitReferral();
    awaitSent(given + " " + family);
    return queryParameter("referral");
  }

  /** Fills the form for a person contacted by email (a new valid NHS number each time). */
  private static void fillPerson(String given, String family) {
    fill("nhs-number", newNhsNumber());
    fill("given-name", given);
    fill("family-name", family);
    fill("dob-day", "10");
    fill("dob-month", "12");
    fill("dob-year", "1960");
    finder.click(By.cssSelector("label[for=contact-email-choice]"));
    fill("contact-email", given.toLowerCase() + "@example.com");
    fill("reason", "Wants to be more active");
    finder.click(By.cssSelector("label[for=consent]"));
  }

  /**
   * Waits for the referral page after sending: the server's first write loads its FHIR validator, which takes a
   * while on a busy machine.
   */
  private static void awaitSent(String person) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(120))
        .until(ExpectedConditions.textToBe(By.id("referral-title"), "Referral sent for " + person));
  }

  private static String newNhsNumber() {
    Random random = new Random();
    while (true) {
      int[] digits = random.ints(9, 0, 10).toArray();
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += digits[i] * (10 - i);
      }
      int check = (11 - sum % 11) % 11;
      if (check != 10) {
        StringBuilder number = new StringBuilder();
        Arrays.stream(digits).forEach(number::append);
        return number.append(check).toString();
      }
    }
  }

  /** Waits for a condition on a list the page redraws after each action (an element may go stale meanwhile). */
  private static <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  private static WebElement referralItem(String referralId) {
    By item = By.cssSelector("#referral-view li.referral[data-id='" + referralId + "']");
    return browser.wait.until(ExpectedConditions.visibilityOfElementLocated(item));
  }

  private static WebElement providerItem(String referralId) {
    return referralItem(referralId);
  }

  private static Map<String, String> facts() {
    List<WebElement> terms = browser.driver.findElements(By.cssSelector(".referral-page .facts dt"));
    List<WebElement> values = browser.driver.findElements(By.cssSelector(".referral-page .facts dd"));
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      facts.put(terms.get(i).getText(), values.get(i).getText());
    }
    return facts;
  }

  private static String queryParameter(String name) {
    String query = URI.create(browser.driver.getCurrentUrl()).getQuery();
    return Arrays.stream(query.split("&"))
        .filter(p -> p.startsWith(name + "="))
        .map(p -> p.substring(name.length() + 1))
        .findFirst()
        .orElseThrow();
  }

  private static void submitReferral() {
    finder.click(By.cssSelector("#referral-form button[type=submit]"));
  }

  private static void fill(String id, String value) {
    WebElement input = finder.byId(id);
    input.clear();
    input.sendKeys(value);
  }

  private static int scrollWidth() {
    return ((Number) browser.driver.executeScript("return document.documentElement.scrollWidth")).intValue();
  }

  private static WebElement byCss(String css) {
    return browser.driver.findElement(By.cssSelector(css));
  }

  private static JsonNode api(String path) throws Exception {
    return get(path, null);
  }

  private static JsonNode referrerApi(String path) throws Exception {
    return get(path, token(REFERRER_ORG, REFERRER_SCOPES));
  }

  private static JsonNode get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/fhir/" + path)).header("Accept", "application/fhir+json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
