package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jti memory of the token endpoint on the service's database: a restart forgets no accepted assertion. */
final class AssertionReplayGuardIT {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private Database database;
  private final MovingClock clock = new MovingClock();

  @BeforeEach
  void open() {
    database = Database.open("jdbc:h2:mem:jti-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
  }

  @AfterEach
  void close() {
    database.close();
  }

  private long rows() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM client_assertion_jti")) {
      count.next();
      return count.getLong(1);
    }
  }

  @Test
  void anAssertionAcceptedBeforeARestartIsRefusedAfterIt() throws Exception {
    Instant expiry = NOW.plusSeconds(300);
    AssertionReplayGuard beforeTheDatabase = new AssertionReplayGuard(clock);
    assertThat(beforeTheDatabase.firstUse("walk-well", "jti-early", expiry)).isTrue();
    beforeTheDatabase.rememberIn(database.dataSource());
    assertThat(beforeTheDatabase.firstUse("walk-well", "jti-1", expiry)).isTrue();
    assertThat(beforeTheDatabase.firstUse("walk-well", "jti-1", expiry)).isFalse();
    assertThat(rows()).isEqualTo(2);

    AssertionReplayGuard restarted = new AssertionReplayGuard(clock);
    restarted.rememberIn(database.dataSource());
    assertThat(restarted.firstUse("walk-well", "jti-1", expiry)).isFalse();
    assertThat(restarted.firstUse("walk-well", "jti-early", expiry)).as("seen in memory before the database opened").isFalse();
    assertThat(restarted.firstUse("other-client", "jti-1", expiry)).as("a jti is the client's own").isTrue();
    assertThat(restarted.firstUse("walk-well", "x".repeat(AssertionReplayGuard.LONGEST_JTI + 1), expiry)).isFalse();
  }

  @Test
  void expiredAssertionsAreDeletedAsNewOnesCome() throws Exception {
    AssertionReplayGuard guard = new AssertionReplayGuard(clock);
    guard.rememberIn(database.dataSource());
    assertThat(guard.firstUse("walk-well", "old", NOW.plusSeconds(60))).isTrue();
    assertThat(rows()).isEqualTo(1);

    clock.now = NOW.plusSeconds(600); // the old assertion expired (and its clock skew passed) minutes ago
    assertThat(guard.firstUse("walk-well", "new", clock.now.plusSeconds(60))).isTrue();
    assertThat(rows()).isEqualTo(1);
    assertThat(guard.firstUse("walk-well", "new", clock.now.plusSeconds(60))).isFalse();
  }
}
