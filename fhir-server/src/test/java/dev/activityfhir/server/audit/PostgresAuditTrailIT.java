package dev.activityfhir.server.audit;

import dev.activityfhir.server.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The audit trail contract on the PostgreSQL named by {@code TEST_DATABASE_URL}, in a fresh schema per test. */
@EnabledIfEnvironmentVariable(named = "TEST_DATABASE_URL", matches = ".+")
final class PostgresAuditTrailIT extends AbstractAuditTrailContractTest {

  private final String url = System.getenv("TEST_DATABASE_URL");
  private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);

  @Override
  Database openDatabase() {
    return Database.open(url, schema);
  }

  @Override
  void dropDatabase() throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
