package dev.activityfhir.server.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.activityfhir.server.config.AppConfig;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control as configured: the {@link Authenticator} the referral side checks bearer tokens with, the
 * built-in authorization server at {@code /auth/*} (absent when an outside server issues the tokens, whose keys
 * alone are then trusted), and SMART discovery.
 *
 * @param authenticator validates bearer tokens
 * @param authorizationServer {@code /auth/*}, or null with an outside server
 * @param smartConfiguration {@code /fhir/.well-known/smart-configuration}
 * @param urls the addresses tokens name
 */
public record AuthComponents(
    Authenticator authenticator,
    @Nullable AuthServlet authorizationServer,
    SmartConfigurationServlet smartConfiguration,
    AuthUrls urls) {

  private static final Logger log = LoggerFactory.getLogger(AuthComponents.class);

  /** The path SMART clients discover the authorization server at. */
  public static final String SMART_CONFIGURATION_PATH = "/fhir/.well-known/smart-configuration";

  /**
   * Builds access control from the configuration: the built-in server's signing key is read from, or created in,
   * {@code DATA_DIR}; its clients are read from {@code AUTH_CLIENTS_FILE}.
   *
   * @param port the port listened on, asked when a URL is needed
   */
  public static AuthComponents fromConfig(AppConfig config, IntSupplier port, Clock clock) {
    AuthUrls urls = new AuthUrls(config, port);
    AppConfig.Auth auth = config.auth();
    if (auth.usesOutsideServer()) {
      if (auth.clientsFile() != null) {
        log.warn("AUTH_CLIENTS_FILE is ignored: AUTH_JWKS_URL or AUTH_JWKS_FILE names an outside server");
      }
      URI url = auth.jwksUrl();
      JWKSource<SecurityContext> keys =
          url != null ? KeySources.remote(url) : KeySources.file(Objects.requireNonNull(auth.jwksFile()));
      return new AuthComponents(
          new JwtAuthenticator(keys, urls::issuer, urls::audience, clock),
          null,
          new SmartConfigurationServlet(urls, false),
          urls);
    }
    SigningKey key = SigningKey.loadOrCreate(config.dataDir());
    Path clientsFile = auth.clientsFile();
    ClientRegistry registry = clientsFile == null ? ClientRegistry.empty() : ClientRegistry.load(clientsFile);
    log.info("Built-in authorization server: {} registered client(s)", registry.size());
    AccessTokenIssuer issuer =
        new AccessTokenIssuer(key, urls::issuer, urls::audience, auth.tokenLifetime(), clock);
    AppConfig.SignIn signIn = config.signIn();
    AuthorizationEndpoint authorizations =
        new AuthorizationEndpoint(
            new PublicClient(signIn.finderClientId(), urls::finderRedirectUris), signInUsers(config), clock);
    CodeExchange codes =
        new CodeExchange(
            authorizations,
            issuer,
            new IdTokenIssuer(key, urls::issuer, signIn.userTokenLifetime(), clock),
            signIn.userTokenLifetime());
    TokenEndpoint endpoint = new TokenEndpoint(registry, issuer, urls::tokenEndpoint, clock, codes);
    return new AuthComponents(
        new JwtAuthenticator(key.publicKeys(), urls::issuer, urls::audience, clock),
        new AuthServlet(endpoint, authorizations, urls, key),
        new SmartConfigurationServlet(urls, true),
        urls);
  }

  /**
   * Once the database is open: the built-in server remembers the client assertions it accepted there, so that none
   * is accepted twice across a restart.
   */
  public void rememberAssertionsIn(javax.sql.DataSource dataSource) {
    if (authorizationServer != null) {
      authorizationServer.rememberAssertionsIn(dataSource);
    }
  }

  /**
   * The people who may sign in: {@code AUTH_USERS_FILE}; else, on the bundled demo data only, the demo users
   * (whose passwords are public); else nobody.
   */
  private static SignInUsers signInUsers(AppConfig config) {
    Path file = config.signIn().usersFile();
    if (file != null) {
      SignInUsers users = SignInUsers.load(file);
      log.info("Sign-in: {} user(s) from AUTH_USERS_FILE", users.size());
      return users;
    }
    if (config.usesDemoFeeds()) {
      log.info("Sign-in: the demo users (demo data only; set AUTH_USERS_FILE for real users)");
      return SignInUsers.demo();
    }
    log.warn("Sign-in: no AUTH_USERS_FILE, so nobody can sign in at /auth/authorize");
    return SignInUsers.none();
  }

  /**
   * The servlets to mount, by path spec: {@code /auth/*} (built-in server only) and the SMART discovery document
   * (an exact path, which Jetty prefers to the FHIR servlet's {@code /fhir/*}).
   */
  public Map<String, Servlet> servlets() {
    Map<String, Servlet> servlets = new LinkedHashMap<>();
    if (authorizationServer != null) {
      servlets.put("/auth/*", authorizationServer);
    }
    servlets.put(SMART_CONFIGURATION_PATH, smartConfiguration);
    return servlets;
  }
}
