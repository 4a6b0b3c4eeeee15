package dev.activityfhir.server.referral;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent conditional creates on the embedded H2 database. */
final class H2ConcurrentReferralIT extends AbstractConcurrentReferralIT {

  @RegisterExtension static final ReferralServerExtension server = new ReferralServerExtension(1 << 20);

  @Override
  ReferralServerExtension server() {
    return server;
  }
}
