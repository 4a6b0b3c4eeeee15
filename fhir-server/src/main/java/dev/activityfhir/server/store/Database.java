package dev.activityfhir.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * The service's relational database: a HikariCP pool over a JDBC URL (H2 or PostgreSQL), migrated with Flyway
 * from {@code classpath:db/migration} when opened.
 */
public final class Database implements AutoCloseable {

  /**
   * The version of the newest migration in {@code db/migration}. A database whose Flyway history already ends
   * there, without failures, is opened without running Flyway: scanning the jar and loading Flyway take a second
   * of start-up for nothing.
   */
  static final String SCHEMA_VERSION = "5";

  static {
    // H2 keeps the strings bound to statements in a small cache, hashing each one first: every stored item's
    // JSON (kilobytes), for no reuse. Set before H2's classes first read it, when the pool opens a connection.
    if (System.getProperty("h2.objectCache") == null) {
      System.setProperty("h2.objectCache", "false");
    }
  }

  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Opens a pool on {@code jdbcUrl} and migrates the schema.
   *
   * @param jdbcUrl e.g. {@code jdbc:h2:file:./data/activity;MODE=PostgreSQL} or {@code
   *     jdbc:postgresql://host/db?user=u}
   */
  public static Database open(String jdbcUrl) {
    return open(jdbcUrl, null);
  }

  /**
   * Opens a pool whose connections use {@code schema} (created if missing) and migrates that schema. Tests use
   * this to isolate themselves in a fresh schema of a shared database.
   */
  public static Database open(String jdbcUrl, @Nullable String schema) {
    return open(jdbcUrl, null, null, schema);
  }

  /** Opens a pool with credentials given apart from the URL ({@code DATABASE_USER}, {@code DATABASE_PASSWORD}). */
  public static Database open(
      String jdbcUrl, @Nullable String user, @Nullable String password, @Nullable String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(durable(jdbcUrl));
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("activity-db");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      // Turns batched single-row INSERTs into multi-row statements: several times faster harvesting.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    HikariDataSource dataSource;
    if (schema != null) {
      // Create the schema before the pool pins connections to it.
      try (HikariDataSource bootstrap = new HikariDataSource(copyOf(config))) {
        Flyway.configure()
            .dataSource(bootstrap)
            .schemas(schema)
            .createSchemas(true)
            .load()
            .migrate();
      }
      config.setSchema(schema);
      dataSource = new HikariDataSource(config);
    } else {
      dataSource = new HikariDataSource(config);
      try {
        if (!schemaIsCurrent(dataSource)) {
          Flyway.configure().dataSource(dataSource).load().migrate();
        }
      } catch (RuntimeException e) {
        dataSource.close();
        throw e;
      }
    }
    return new Database(dataSource);
  }

  /**
   * An H2 file database's URL with {@code WRITE_DELAY=0} unless the URL sets it: H2 otherwise writes a commit to
   * its file up to 500 ms after acknowledging it, so a process killed in that window loses committed pages (and
   * the index snapshot, written from published pages, could then claim a store version the file no longer
   * holds). With 0 each commit is written before it returns; surviving a power cut as well would need a sync per
   * commit, which H2 does not do: use PostgreSQL for that. {@code DB_CLOSE_ON_EXIT=FALSE} too, unless set: the
   * server's own shutdown hook closes the database after its last snapshot (which reads the store's version),
   * instead of H2's hook closing it under that write. Other URLs are returned as they are.
   */
  static String durable(String jdbcUrl) {
    boolean h2File =
        jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:") && !jdbcUrl.startsWith("jdbc:h2:tcp:")
            && !jdbcUrl.startsWith("jdbc:h2:ssl:");
    if (!h2File) {
      return jdbcUrl;
    }
    String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
    String url = upper.contains(";WRITE_DELAY=") ? jdbcUrl : jdbcUrl + ";WRITE_DELAY=0";
    return upper.contains(";DB_CLOSE_ON_EXIT=") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** True when Flyway's history shows every migration up to {@link #SCHEMA_VERSION} applied successfully. */
  static boolean schemaIsCurrent(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL"
                    + " ORDER BY installed_rank DESC")) {
      if (!rows.next() || !SCHEMA_VERSION.equals(rows.getString(1))) {
        return false;
      }
      do {
        if (!rows.getBoolean(2)) {
          return false; // a failed migration: let Flyway report it
        }
      } while (rows.next());
      return true;
    } catch (SQLException e) {
      return false; // no history table: a new database
    }
  }

  private static HikariConfig copyOf(HikariConfig config) {
    HikariConfig copy = new HikariConfig();
    config.copyStateTo(copy);
    copy.setPoolName(config.getPoolName() + "-migrate");
    copy.setMinimumIdle(0);
    copy.setMaximumPoolSize(2); // Flyway holds a second connection for its lock on PostgreSQL
    return copy;
  }

  /** The pooled data source; valid until {@link #close()}. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Closes the pool. */
  @Override
  public void close() {
    dataSource.close();
  }
}
