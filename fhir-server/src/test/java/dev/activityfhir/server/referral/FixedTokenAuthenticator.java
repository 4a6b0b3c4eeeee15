package dev.activityfhir.server.referral;

import dev.activityfhir.server.auth.AuthenticationFailure;
import dev.activityfhir.server.auth.Authenticator;
import dev.activityfhir.server.auth.Caller;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * TEST ONLY: maps fixed bearer values to callers, so that the referral rules are exercised over HTTP apart from
 * token validation (which has tests of its own with real signed tokens).
 */
final class FixedTokenAuthenticator implements Authenticator {

  static final String REFERRER_SCOPES =
      "system/ServiceRequest.cruds system/Patient.cruds system/Consent.cruds system/Task.rs";
  static final String PROVIDER_SCOPES =
      "system/ServiceRequest.rs system/Patient.rs system/Consent.rs system/Task.rus";

  /** A GP practice (ODS A81001). */
  static final String GP_A = "gp-a";
  /** Another GP practice (ODS B82002). */
  static final String GP_B = "gp-b";
  /** A81001 with read scopes only. */
  static final String GP_A_READ_ONLY = "gp-a-read-only";
  /** The provider of the walking-football service. */
  static final String PROVIDER_1 = "provider-1";
  /** The provider of the yoga service. */
  static final String PROVIDER_2 = "provider-2";
  /** An admin client, allowed to read the audit trail. */
  static final String AUDITOR = "auditor";

  private static final Map<String, Caller> CALLERS =
      Map.of(
          GP_A, caller("gp-a-client", "A81001", REFERRER_SCOPES),
          GP_B, caller("gp-b-client", "B82002", REFERRER_SCOPES),
          GP_A_READ_ONLY, caller("gp-a-reader", "A81001", "system/*.read"),
          PROVIDER_1, caller("provider-1-client", "Organization/org-provider-1", PROVIDER_SCOPES),
          PROVIDER_2, caller("provider-2-client", "Organization/org-provider-2", PROVIDER_SCOPES),
          AUDITOR, caller("auditor-client", "X26", "system/AuditEvent.rs"));

  private static Caller caller(String client, String organization, String scopes) {
    return new Caller(client, organization, Set.of(scopes.split(" ")));
  }

  @Override
  public Caller authenticate(@Nullable String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
      throw new AuthenticationFailure("A bearer token is required");
    }
    Caller caller = CALLERS.get(authorizationHeader.substring("Bearer ".length()));
    if (caller == null) {
      throw new AuthenticationFailure("The token is not valid");
    }
    return caller;
  }
}
