package dev.activityfhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.store.Database;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the audit trail must do on every database; subclasses supply the database. */
abstract class AbstractAuditTrailContractTest {

  static final Instant T1 = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");
  static final Instant T3 = Instant.parse("2026-03-03T10:00:00Z");

  static final Caller SURGERY = new Caller("riverside-surgery", "A81001", Set.of("system/ServiceRequest.cruds"));
  static final Caller PROVIDER = new Caller("walk-well", "Organization/org-walk-well", Set.of("system/Task.rus"));

  private Database database;
  private final SettableClock clock = new SettableClock(T1);
  AuditTrail trail;

  /** Opens a fresh, migrated database that no other test sees. */
  abstract Database openDatabase() throws Exception;

  /** Removes what {@link #openDatabase()} created; called after the database was closed. */
  abstract void dropDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    database = openDatabase();
    trail = new AuditTrail(database.dataSource(), clock);
  }

  @AfterEach
  void close() throws Exception {
    database.close();
    dropDatabase();
  }

  private static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, 0, 100);
  }

  @Test
  void keepsEveryFieldOfARecord() {
    String id = trail.record(AuditRecord.success(SURGERY, Interaction.CREATE, "ServiceRequest", "sr-1", 201));

    StoredAuditEvent stored = trail.read(id).orElseThrow();

    assertThat(stored.recorded()).isEqualTo(T1);
    assertThat(stored.record())
        .isEqualTo(
            new AuditRecord("riverside-surgery", "A81001", Interaction.CREATE, "ServiceRequest", "sr-1", 201, null));
    assertThat(stored.record().outcome()).isEqualTo("0");
  }

  @Test
  void keepsAnAnonymousRefusalWithItsReason() {
    String id =
        trail.record(
            AuditRecord.refusal(null, Interaction.READ, "ServiceRequest", "sr-9", 401, "token expired (exp)"));

    AuditRecord stored = trail.read(id).orElseThrow().record();

    assertThat(stored.clientId()).isEqualTo(AuditRecord.ANONYMOUS);
    assertThat(stored.organization()).isNull();
    assertThat(stored.detail()).isEqualTo("token expired (exp)");
    assertThat(stored.outcome()).isEqualTo("4");
  }

  @Test
  void aRecordInTheWritersTransactionCommitsAndRollsBackWithIt() throws Exception {
    String kept;
    String lost;
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      kept = trail.record(connection, AuditRecord.success(SURGERY, Interaction.CREATE, "ServiceRequest", "a", 201));
      connection.commit();
      lost = trail.record(connection, AuditRecord.success(SURGERY, Interaction.CREATE, "ServiceRequest", "b", 201));
      connection.rollback();
      connection.setAutoCommit(true);
    }

    assertThat(trail.read(kept)).isPresent();
    assertThat(trail.read(lost)).isEmpty();
    assertThat(trail.count(all())).isEqualTo(1);
  }

  @Test
  void searchesByDateOrganisationClientAndOutcomeNewestFirst() {
    clock.set(T1);
    String early = trail.record(AuditRecord.success(SURGERY, Interaction.SEARCH, "ServiceRequest", null, 200));
    clock.set(T2);
    String refused =
        trail.record(AuditRecord.refusal(PROVIDER, Interaction.READ, "ServiceRequest", "sr-1", 403, "not yours"));
    clock.set(T3);
    String late = trail.record(AuditRecord.success(PROVIDER, Interaction.UPDATE, "Task", "t-1", 200));

    assertThat(ids(trail.search(all()))).containsExactly(late, refused, early);
    assertThat(ids(trail.search(new AuditQuery(T2.toEpochMilli(), null, null, null, null, 0, 100))))
        .containsExactly(late, refused);
    assertThat(ids(trail.search(new AuditQuery(null, T2.toEpochMilli(), null, null, null, 0, 100))))
        .containsExactly(refused, early);
    assertThat(ids(trail.search(new AuditQuery(null, null, "Organization/org-walk-well", null, null, 0, 100))))
        .containsExactly(late, refused);
    assertThat(ids(trail.search(new AuditQuery(null, null, null, "riverside-surgery", null, 0, 100))))
        .containsExactly(early);
    assertThat(ids(trail.search(new AuditQuery(null, null, null, null, "4", 0, 100)))).containsExactly(refused);
    assertThat(ids(trail.search(new AuditQuery(null, null, null, null, null, 1, 1)))).containsExactly(refused);
    assertThat(trail.count(new AuditQuery(null, null, "Organization/org-walk-well", null, null, 0, 1)))
        .isEqualTo(2);
  }

  @Test
  void eventsOfTheSameMillisecondComeNewestFirst() {
    List<String> recorded = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      recorded.add(trail.record(AuditRecord.success(SURGERY, Interaction.READ, "Task", "t-" + i, 200)));
    }

    java.util.Collections.reverse(recorded);
    assertThat(ids(trail.search(all()))).containsExactlyElementsOf(recorded);
  }

  @Test
  void anUnknownIdIsNotFound() {
    assertThat(trail.read("no-such-event")).isEmpty();
  }

  private static List<String> ids(List<StoredAuditEvent> events) {
    return events.stream().map(StoredAuditEvent::id).toList();
  }
}
