package dev.activityfhir.server.referral.store;

import dev.activityfhir.server.store.Database;
import java.util.UUID;

/** The resource store contract on an in-memory H2 database in PostgreSQL mode, as the server uses H2. */
final class H2ResourceStoreIT extends AbstractResourceStoreContractTest {

  @Override
  Database openDatabase() {
    return Database.open(
        "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
  }

  @Override
  void dropDatabase() {
    // the in-memory database goes with its last connection
  }
}
