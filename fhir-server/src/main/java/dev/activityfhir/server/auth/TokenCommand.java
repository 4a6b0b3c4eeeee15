package dev.activityfhir.server.auth;

import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.config.ConfigException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar fhir-server.jar token --org <ODS code or Organization/id> --scope "<scopes>" [--client <id>]
 * [--lifetime <duration>]}: prints an access token of the built-in authorization server, and nothing else, on
 * standard output. It reads the server's environment ({@code DATA_DIR} for the signing key, {@code PORT}, {@code
 * PUBLIC_BASE_URL} and {@code AUTH_AUDIENCE} for the audience), so a server started with the same environment
 * accepts the token. It never starts the server.
 */
public final class TokenCommand {

  /** The client a command-line token names unless {@code --client} says otherwise. */
  static final String DEFAULT_CLIENT = "local-token-command";

  static final String USAGE =
      "usage: token --org <ODS code or Organization/id> --scope \"<scopes>\" [--client <id>] [--lifetime 1h]";

  private TokenCommand() {}

  /**
   * Runs the command.
   *
   * @return the exit status: 0 with the token printed on {@code out}, 2 on a usage or configuration error (said on
   *     {@code err})
   */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Options options = Options.parse(args);
      AppConfig config = AppConfig.fromEnvironment(env);
      if (config.auth().usesOutsideServer()) {
        throw new ConfigException(
            "AUTH_JWKS_URL or AUTH_JWKS_FILE is set: this server trusts an outside authorization server only;"
                + " get the token there");
      }
      if (config.port() == 0 && config.publicBaseUrl() == null && config.auth().audience() == null) {
        throw new ConfigException("PORT=0 leaves the audience unknown: set PUBLIC_BASE_URL or AUTH_AUDIENCE");
      }
      AuthUrls urls = new AuthUrls(config, config::port);
      AccessTokenIssuer issuer =
          new AccessTokenIssuer(
              SigningKey.loadOrCreate(config.dataDir()),
              urls::issuer,
              urls::audience,
              config.auth().tokenLifetime(),
              Clock.systemUTC());
      Duration lifetime = options.lifetime().orElse(config.auth().tokenLifetime());
      out.println(issuer.issue(options.client(), options.organization(), options.scopes(), lifetime).accessToken());
      out.flush();
      return 0;
    } catch (ConfigException e) {
      err.println("token: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  /** The parsed command line. */
  record Options(String organization, List<String> scopes, String client, Optional<Duration> lifetime) {

    static Options parse(List<String> args) {
      String organization = null;
      String scope = null;
      String client = DEFAULT_CLIENT;
      Duration lifetime = null;
      for (int i = 0; i < args.size(); i++) {
        String name = args.get(i);
        if (i + 1 >= args.size()) {
          throw new ConfigException(name + " needs a value");
        }
        String value = args.get(++i);
        switch (name) {
          case "--org" -> organization = value;
          case "--scope" -> scope = value;
          case "--client" -> client = value;
          case "--lifetime" -> lifetime = lifetime(value);
          default -> throw new ConfigException("unknown option " + name);
        }
      }
      if (organization == null || scope == null || scope.isBlank()) {
        throw new ConfigException("--org and --scope are required");
      }
      String raw = organization;
      String normalised =
          CallerOrganization.normalise(raw)
              .orElseThrow(
                  () -> new ConfigException("--org must be an ODS code or Organization/<id>, got '" + raw + "'"));
      List<String> scopes = Arrays.stream(scope.trim().split("\\s+")).distinct().toList();
      return new Options(normalised, scopes, client, Optional.ofNullable(lifetime));
    }

    private static Duration lifetime(String raw) {
      Duration lifetime = AppConfig.parseDuration("--lifetime", raw);
      if (lifetime.compareTo(Duration.ofSeconds(30)) < 0 || lifetime.compareTo(Duration.ofHours(24)) > 0) {
        throw new ConfigException("--lifetime must be between 30 seconds and 24 hours");
      }
      return lifetime;
    }
  }
}
