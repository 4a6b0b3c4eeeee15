package dev.activityfhir.server.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the {@code jti} of every client assertion until it expires, so that each is accepted once. Once the
 * database is open the memory is the {@code client_assertion_jti} table (migration V5), so a restart forgets none
 * and every server on one database shares it; expired rows are deleted as new ones come. Before that (the first
 * seconds of start-up) it is held in memory, and those are written to the table when it opens.
 */
final class AssertionReplayGuard {

  private static final Logger log = LoggerFactory.getLogger(AssertionReplayGuard.class);

  /** Beyond this many remembered assertions in memory, new ones are refused until old ones expire (a flood guard). */
  private static final int CAPACITY = 200_000;

  /** How often expired rows are deleted. */
  private static final Duration CLEANUP_EVERY = Duration.ofMinutes(1);

  /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** The longest jti remembered (the column's width); a longer one is refused. */
  static final int LONGEST_JTI = 256;

  private record Seen(String clientId, String jti) {}

  private final Map<Seen, Instant> seen = new ConcurrentHashMap<>();
  private final Clock clock;
  private final AtomicLong nextCleanup = new AtomicLong();
  private volatile @Nullable DataSource database;

  AssertionReplayGuard(Clock clock) {
    this.clock = clock;
  }

  /** From now on remembers in the database, starting with what was remembered in memory. */
  void rememberIn(DataSource dataSource) {
    seen.forEach((key, expiry) -> insert(dataSource, key.clientId(), key.jti(), expiry));
    database = dataSource;
    seen.clear();
  }

  /**
   * @return true the first time {@code jti} is presented by {@code clientId}, false after (or when full)
   */
  boolean firstUse(String clientId, String jti, Instant expiry) {
    if (jti.length() > LONGEST_JTI || clientId.length() > LONGEST_JTI) {
      return false;
    }
    DataSource dataSource = database;
    if (dataSource != null) {
      deleteExpired(dataSource);
      return insert(dataSource, clientId, jti, expiry);
    }
    if (seen.size() >= CAPACITY) {
      Instant now = clock.instant().minus(TokenClaimsRules.CLOCK_SKEW);
      seen.values().removeIf(until -> until.isBefore(now));
      if (seen.size() >= CAPACITY) {
        return false;
      }
    }
    return seen.putIfAbsent(new Seen(clientId, jti), expiry) == null;
  }

  /** True when the row was added; false when the assertion was seen before (or the database failed: refuse). */
  private static boolean insert(DataSource dataSource, String clientId, String jti, Instant expiry) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "INSERT INTO client_assertion_jti (client_id, jti, expires_ms) VALUES (?, ?, ?)")) {
      statement.setString(1, clientId);
      statement.setString(2, jti);
      statement.setLong(3, expiry.toEpochMilli());
      statement.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        log.error("A client assertion could not be remembered; refusing it", e);
      }
      return false;
    }
  }

  private void deleteExpired(DataSource dataSource) {
    long now = clock.millis();
    long due = nextCleanup.get();
    if (now < due || !nextCleanup.compareAndSet(due, now + CLEANUP_EVERY.toMillis())) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM client_assertion_jti WHERE expires_ms < ?")) {
      statement.setLong(1, now - TokenClaimsRules.CLOCK_SKEW.toMillis());
      statement.executeUpdate();
    } catch (SQLException e) {
      log.warn("Expired client assertions could not be deleted: {}", e.getMessage());
    }
  }
}
