package dev.activityfhir.server.auth;

import java.util.List;

/**
 * The default run's demo users, for trying the Activity Finder's referrals on the bundled demo data. Their
 * passwords are public (the sign-in page shows them), so they exist only when the server harvests its own demo
 * dataset and no {@code AUTH_USERS_FILE} is given.
 */
public final class DemoUsers {

  /** A fictional ODS code for the demo link-worker service (real ODS codes name real organisations). */
  public static final String LINK_WORKER_ORGANIZATION = "DEMOLW1";

  /**
   * The demo dataset's organiser "[Demo] Active Neighbours CIC", which runs services in every demo district: its
   * directory Organization id is derived from its OpenActive {@code @id}
   * ({@code https://demo.activityfhir.dev/openactive/organizations/active-neighbours}).
   */
  public static final String PROVIDER_ORGANIZATION = "Organization/f3782065cbcf0be04a40191cba4dbf2b";

  /** The demo link worker's username and password. */
  public static final String LINK_WORKER = "demo-link-worker";

  public static final String LINK_WORKER_PASSWORD = "walk-and-talk";

  /** The demo provider's username and password. */
  public static final String PROVIDER = "demo-provider";

  public static final String PROVIDER_PASSWORD = "active-neighbours";

  static final List<UserAccount> ACCOUNTS =
      List.of(
          new UserAccount(
              LINK_WORKER,
              PasswordHash.parse(
                  "pbkdf2-sha256$600000$wl/Iyk2wTaGwpoxKOQ7csw$Y2pofk47U7VKBIgnSGwwTOtleaE5ZD2lZJuB1whZUQY"),
              "Robin Demo (link worker)",
              LINK_WORKER_ORGANIZATION,
              "[Demo] Southwark Link Worker Service",
              UserAccount.Role.REFERRER,
              SignInUsers.REFERRER_SCOPES),
          new UserAccount(
              PROVIDER,
              PasswordHash.parse(
                  "pbkdf2-sha256$600000$4V7cvd3Abf6t2vVm/kw5kg$SSDSSSNLEs9fq/hQvoLYv1fxBnRHE/bkLwtqXWvRjsw"),
              "Alex Demo (activity provider)",
              PROVIDER_ORGANIZATION,
              "[Demo] Active Neighbours CIC",
              UserAccount.Role.PROVIDER,
              SignInUsers.PROVIDER_SCOPES));

  /** The demo users' passwords, shown on the sign-in page of the default run. */
  static final List<List<String>> CREDENTIALS =
      List.of(
          List.of(LINK_WORKER, LINK_WORKER_PASSWORD, "a link worker at a referrer (fictional ODS code DEMOLW1)"),
          List.of(PROVIDER, PROVIDER_PASSWORD, "an activity provider, [Demo] Active Neighbours CIC"));

  private DemoUsers() {}
}
