package dev.activityfhir.server.referral;

import dev.activityfhir.server.Application;
import dev.activityfhir.server.config.AppConfig;

/**
 * TEST ONLY: the server as {@code Main} starts it, from the environment, but with {@link FixedTokenAuthenticator};
 * run as a child JVM by {@link ReferralDurabilityIT}. Prints {@code LISTENING <port>} once the port is open.
 */
public final class FixedTokenServerMain {

  private FixedTokenServerMain() {}

  public static void main(String[] args) throws Exception {
    Application application =
        Application.newServer(AppConfig.fromEnvironment(System.getenv()), new FixedTokenAuthenticator());
    application.start();
    System.out.println("LISTENING " + application.port());
    System.out.flush();
    application.join();
  }
}
