package dev.activityfhir.server.referral.web;

import dev.activityfhir.server.auth.Authenticator;
import dev.activityfhir.server.referral.DirectoryLookup;
import dev.activityfhir.server.referral.ReferralService;
import dev.activityfhir.server.referral.StructureValidator;
import dev.activityfhir.server.referral.store.JdbcResourceStore;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The referral side as the composition root sees it: its servlet exists from the start (answering 503), and it
 * serves once {@link #open} gives it the database.
 */
public final class ReferralEndpoint {

  private final ReferralServiceRef services = new ReferralServiceRef();
  private final ReferralRestfulServer servlet;

  /**
   * @param authenticator turns each request's Authorization header into a caller
   * @param maximumBodyBytes the largest request body read (413 above)
   */
  public ReferralEndpoint(Authenticator authenticator, long maximumBodyBytes) {
    this.servlet = new ReferralRestfulServer(services, authenticator, maximumBodyBytes);
  }

  /** The FHIR servlet of the referral side (routed to by {@code FhirRouterServlet}). */
  public ReferralRestfulServer servlet() {
    return servlet;
  }

  /** Starts serving over the database, reaching the directory through the lookup. */
  public void open(DataSource dataSource, DirectoryLookup directory, StructureValidator validator, Clock clock) {
    services.set(
        new ReferralService(
            new JdbcResourceStore(dataSource), directory, validator, clock, servlet.getFhirContext()));
  }
}
