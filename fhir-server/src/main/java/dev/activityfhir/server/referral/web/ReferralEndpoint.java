package dev.activityfhir.server.referral.web;

import dev.activityfhir.server.audit.AuditTrail;
import dev.activityfhir.server.auth.Authenticator;
import dev.activityfhir.server.referral.DirectoryLookup;
import dev.activityfhir.server.referral.ReferralService;
import dev.activityfhir.server.referral.StructureValidator;
import dev.activityfhir.server.referral.store.JdbcResourceStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The referral side as the composition root sees it: its servlet exists from the start (answering 503), and it
 * serves once {@link #open} gives it the database.
 */
public final class ReferralEndpoint {

  /** The resource types the router sends here: the referral types and the audit trail. */
  public static final Set<String> ROUTED_TYPES = routedTypes();

  private final ReferralServiceRef services = new ReferralServiceRef();
  private final ReferralRestfulServer servlet;
  private volatile @Nullable AuditTrail auditTrail;

  /**
   * @param authenticator turns each request's Authorization header into a caller
   * @param maximumBodyBytes the largest request body read (413 above)
   */
  public ReferralEndpoint(Authenticator authenticator, long maximumBodyBytes) {
    this.servlet = new ReferralRestfulServer(services, authenticator, maximumBodyBytes, () -> auditTrail);
  }

  /** The FHIR servlet of the referral side (routed to by {@code FhirRouterServlet}). */
  public ReferralRestfulServer servlet() {
    return servlet;
  }

  /** Starts serving over the database, reaching the directory through the lookup. */
  public void open(DataSource dataSource, DirectoryLookup directory, StructureValidator validator, Clock clock) {
    AuditTrail trail = new AuditTrail(dataSource, clock);
    auditTrail = trail;
    services.set(
        new ReferralService(
            new JdbcResourceStore(dataSource, trail), directory, validator, clock, servlet.getFhirContext()));
  }

  private static Set<String> routedTypes() {
    Set<String> types = new HashSet<>(ReferralService.TYPES);
    types.add("AuditEvent");
    return Set.copyOf(types);
  }
}
