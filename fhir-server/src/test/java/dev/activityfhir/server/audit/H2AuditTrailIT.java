package dev.activityfhir.server.audit;

import dev.activityfhir.server.store.Database;
import java.util.UUID;

/** The audit trail contract on an in-memory H2 database in PostgreSQL mode. */
final class H2AuditTrailIT extends AbstractAuditTrailContractTest {

  @Override
  Database openDatabase() {
    return Database.open("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
  }

  @Override
  void dropDatabase() {
    // The in-memory database vanishes with its last connection (closed with the pool).
  }
}
