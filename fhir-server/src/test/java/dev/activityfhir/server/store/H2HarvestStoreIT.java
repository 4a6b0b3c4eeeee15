package dev.activityfhir.server.store;

import java.util.UUID;

/** The harvest store contract on an in-memory H2 database in PostgreSQL mode. */
final class H2HarvestStoreIT extends AbstractHarvestStoreContractTest {

  @Override
  Database openDatabase() {
    return Database.open(
        "jdbc:h2:mem:store-" + UUID.randomUUID() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
  }

  @Override
  void dropDatabase() {
    // The in-memory database vanishes with its last connection (closed with the pool).
  }
}
