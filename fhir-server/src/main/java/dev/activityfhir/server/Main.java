package dev.activityfhir.server;

import dev.activityfhir.server.auth.TokenCommand;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.config.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Starts the server from environment variables (see the README) and runs until the process is stopped; or, as
 * {@code token ...}, prints an access token of the built-in authorization server and exits.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("token")) {
      PrintStream out = System.out;
      System.setOut(System.err); // the log writes to standard output: keep it for the token alone
      System.exit(TokenCommand.run(Arrays.asList(args).subList(1, args.length), System.getenv(), out, System.err));
      return;
    }
    Application application;
    try {
      application = Application.newServer(AppConfig.fromEnvironment(System.getenv()));
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(application::close, "shutdown"));
    application.start();
    application.join();
    if (application.startupFailure().isPresent()) {
      System.exit(1); // the cause is logged; a supervisor should see the server did not start
    }
  }
}
