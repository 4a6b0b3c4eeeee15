package dev.activityfhir.server.referral;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent conditional creates on the PostgreSQL named by {@code TEST_DATABASE_URL}, in a schema of their own. */
@EnabledIfEnvironmentVariable(named = "TEST_DATABASE_URL", matches = ".+")
final class PostgresConcurrentReferralIT extends AbstractConcurrentReferralIT {

  @RegisterExtension
  static final ReferralServerExtension server =
      new ReferralServerExtension(1 << 20, System.getenv("TEST_DATABASE_URL"));

  @Override
  ReferralServerExtension server() {
    return server;
  }
}
