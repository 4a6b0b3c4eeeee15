package dev.activityfhir.server.referral;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.IndexDirectoryLookup;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import dev.activityfhir.server.fhir.DirectoryRestfulServer;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.referral.web.ReferralCapabilities;
import dev.activityfhir.server.referral.web.ReferralEndpoint;
import dev.activityfhir.server.referral.web.ReferralRestfulServer;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.web.FhirRouterServlet;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * Starts {@code /fhir} as the server wires it (the directory and the referral side behind the router) on 127.0.0.1
 * and a free port, over {@link ReferralDirectory} and a fresh H2 database (or PostgreSQL schema), with {@link
 * FixedTokenAuthenticator}.
 */
final class ReferralServerExtension implements BeforeAllCallback, AfterAllCallback {

  private final long maximumBodyBytes;
  private final @Nullable String postgresUrl;
  private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
  private Database database;
  private Server server;
  private String baseUrl;

  ReferralServerExtension(long maximumBodyBytes) {
    this(maximumBodyBytes, null);
  }

  /**
   * @param postgresUrl a PostgreSQL JDBC URL (the server then stores in a fresh schema of its own, dropped after);
   *     null for a fresh in-memory H2 database
   */
  ReferralServerExtension(long maximumBodyBytes, @Nullable String postgresUrl) {
    this.maximumBodyBytes = maximumBodyBytes;
    this.postgresUrl = postgresUrl;
  }

  static FhirValidation validation() {
    return FhirValidation.published();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Clock clock = Clock.systemUTC();
    ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
    index.apply(ReferralDirectory.resources(clock.instant()));
    database =
        postgresUrl != null
            ? Database.open(postgresUrl, schema)
            : Database.open(
                "jdbc:h2:mem:referrals-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    ReferralEndpoint referrals = new ReferralEndpoint(new FixedTokenAuthenticator(), maximumBodyBytes);
    referrals.open(
        database.dataSource(),
        new IndexDirectoryLookup(index),
        new HapiStructureValidator(validation()),
        clock);
    DirectoryRestfulServer directory =
        new DirectoryRestfulServer(
            index, DirectoryFixtures.HIERARCHY, PostcodeDistricts.bundled(), () -> true, clock,
            List.of(BusinessStatus.codeSystem()));
    directory.registerInterceptor(new ReferralCapabilities(() -> "http://127.0.0.1/auth/token", () -> "http://127.0.0.1/auth/authorize"));
    FhirRouterServlet router =
        new FhirRouterServlet(
            directory, referrals.servlet(), ReferralEndpoint.ROUTED_TYPES, ReferralRestfulServer::ownsSearch);
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    handler.addServlet(new ServletHolder(router), "/fhir/*");
    server.setHandler(handler);
    server.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.stop();
    database.close();
    if (postgresUrl != null) {
      try (Connection connection = DriverManager.getConnection(postgresUrl);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  /** REST Assured, JSON, with the given fixed token (none when null). */
  RequestSpecification as(String token) {
    RequestSpecBuilder builder = new RequestSpecBuilder().setBaseUri(baseUrl);
    if (token != null) {
      builder.addHeader("Authorization", "Bearer " + token);
    }
    return builder.build();
  }
}
