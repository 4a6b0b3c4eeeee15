package dev.activityfhir.server.web;

import dev.activityfhir.server.auth.DemoUsers;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signs a browser test in to the Activity Finder the way a person does: "Sign in" in the page header, the built-in
 * server's form, back to the page. For the default demo run's users ({@link DemoUsers}); other users with {@link
 * #signIn(WebDriver, String, String, String)}.
 *
 * <pre>{@code
 * FinderSignIn.signIn(browser.driver, app.baseUrl() + "/?postcode=SE15", "demo-link-worker");
 * }</pre>
 */
public final class FinderSignIn {

  private static final Map<String, String> DEMO_PASSWORDS =
      Map.of(
          DemoUsers.LINK_WORKER, DemoUsers.LINK_WORKER_PASSWORD,
          DemoUsers.PROVIDER, DemoUsers.PROVIDER_PASSWORD);

  private FinderSignIn() {}

  /**
   * Opens {@code pageUrl} (the base URL, or any page URL of the finder), signs in as the demo user {@code
   * username}, and waits until the page is back at {@code pageUrl} saying who is signed in.
   *
   * @return the header's "Signed in as ..." text
   */
  public static String signIn(WebDriver driver, String pageUrl, String username) {
    return signIn(driver, pageUrl, username, demoPassword(username));
  }

  /** The demo user {@code username}'s password. */
  public static String demoPassword(String username) {
    String password = DEMO_PASSWORDS.get(username);
    if (password == null) {
      throw new IllegalArgumentException(username + " is not a demo user; pass the password");
    }
    return password;
  }

  /** As {@link #signIn(WebDriver, String, String)}, with a password (for users from {@code AUTH_USERS_FILE}). */
  public static String signIn(WebDriver driver, String pageUrl, String username, String password) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    driver.get(pageUrl);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
    fillSignInForm(driver, username, password);
    return waitUntilSignedIn(driver);
  }

  /** On the sign-in form: types the name and password and submits. */
  public static void fillSignInForm(WebDriver driver, String username, String password) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    name.clear();
    name.sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  /** Waits for the page's header to say who is signed in, and returns that text. */
  public static String waitUntilSignedIn(WebDriver driver) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-as"))).getText();
  }

  /** Signs out with the header's button and waits for "Sign in" to come back. */
  public static void signOut(WebDriver driver) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
  }
}
