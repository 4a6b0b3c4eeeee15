package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.problem.OperationOutcomeInterceptor;
import dev.activityfhir.server.referral.ReferralService;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;

/** The referral service once the database is open; until then the referral side answers 503. */
public final class ReferralServiceRef {

  private volatile @Nullable ReferralService service;

  /** Makes the service available (once the database is open). */
  public void set(ReferralService opened) {
    this.service = opened;
  }

  ReferralService get() {
    ReferralService current = service;
    if (current == null) {
      throw new UnclassifiedServerFailureException(
          503,
          "The referral store is starting",
          OperationOutcomeInterceptor.outcome(
              List.of(FhirProblem.Issue.of(IssueType.TRANSIENT, "The referral store is starting; retry shortly"))));
    }
    return current;
  }
}
