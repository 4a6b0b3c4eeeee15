package dev.activityfhir.server;

import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.config.ConfigException;

/** Starts the server from environment variables (see the README) and runs until the process is stopped. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    AppConfig config;
    try {
      config = AppConfig.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Application application = Application.newServer(config);
    Runtime.getRuntime().addShutdownHook(new Thread(application::close, "shutdown"));
    application.start();
    application.join();
    if (application.startupFailure().isPresent()) {
      System.exit(1); // the cause is logged; a supervisor should see the server did not start
    }
  }
}
