package dev.activityfhir.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

  @Test
  void schemaVersionNamesTheNewestMigration() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      int newest =
          files
              .map(file -> MIGRATION.matcher(file.getFileName().toString()))
              .filter(Matcher::matches)
              .map(match -> Integer.parseInt(match.group(1)))
              .max(Comparator.naturalOrder())
              .orElseThrow();
      assertThat(Database.SCHEMA_VERSION).isEqualTo(String.valueOf(newest));
    }
  }

  @Test
  void aNewDatabaseIsMigratedAndThenCurrent() throws SQLException {
    String url = "jdbc:h2:mem:database-test-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    try (Database database = Database.open(url)) {
      assertThat(Database.schemaIsCurrent(database.dataSource())).isTrue();
      assertThat(tableCount(database, "harvested_item")).isEqualTo(1);
      assertThat(tableCount(database, "store_version")).isEqualTo(1);

      // A failed migration recorded in the history sends the next open through Flyway, which reports it.
      execute(
          database,
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " installed_by, execution_time, success) VALUES (99, '3', 'broken', 'SQL', 'V3__broken.sql',"
              + " 'test', 0, FALSE)");
      assertThat(Database.schemaIsCurrent(database.dataSource())).isFalse();
    }
  }

  @Test
  void aDatabaseWithoutHistoryIsNotCurrent() throws SQLException {
    String url = "jdbc:h2:mem:database-test-empty-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(url);
    try (com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource(config)) {
      assertThat(Database.schemaIsCurrent(dataSource)).isFalse();
    }
  }

  private static int tableCount(Database database, String table) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '" + table + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void execute(Database database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
