package dev.activityfhir.server.referral;

import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.problem.FhirProblem.Issue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * The referral rules a resource must meet on its own (before its references are resolved): what a referral must say,
 * and NHS numbers that pass their check. Broken rules answer 422 with every issue and its element path.
 */
public final class ReferralRules {

  /** The statuses a client may give a ServiceRequest ({@code completed} follows its Task). */
  private static final Set<ServiceRequestStatus> CLIENT_STATUSES =
      EnumSet.of(ServiceRequestStatus.ACTIVE, ServiceRequestStatus.ONHOLD, ServiceRequestStatus.REVOKED);

  private ReferralRules() {}

  /** A new or updated referral. */
  public static void checkServiceRequest(ServiceRequest request, boolean creating) {
    List<Issue> issues = new ArrayList<>();
    if (!request.hasStatus()) {
      issues.add(Issue.of(IssueType.REQUIRED, "A referral needs a status", "ServiceRequest.status"));
    } else if (creating ? request.getStatus() != ServiceRequestStatus.ACTIVE : !CLIENT_STATUSES.contains(request.getStatus())) {
      issues.add(
          Issue.of(
              IssueType.BUSINESSRULE,
              creating
                  ? "A new referral has status active, not " + request.getStatus().toCode()
                  : "A referral's status can be set to active, on-hold or revoked, not " + request.getStatus().toCode(),
              "ServiceRequest.status"));
    }
    if (request.getIntent() != ServiceRequestIntent.ORDER) {
      issues.add(Issue.of(IssueType.BUSINESSRULE, "A referral has intent order", "ServiceRequest.intent"));
    }
    if (!request.getSubject().hasReference()) {
      issues.add(Issue.of(IssueType.REQUIRED, "A referral needs a subject: a Patient reference", "ServiceRequest.subject"));
    }
    if (!request.hasRequester() || request.getRequester().isEmpty()) {
      issues.add(Issue.of(IssueType.REQUIRED, "A referral needs a requester", "ServiceRequest.requester"));
    }
    if (!request.hasAuthoredOn()) {
      issues.add(Issue.of(IssueType.REQUIRED, "A referral needs authoredOn", "ServiceRequest.authoredOn"));
    }
    if (request.getPerformer().size() != 1 || !request.getPerformerFirstRep().hasReference()) {
      issues.add(
          Issue.of(
              IssueType.REQUIRED,
              "A referral names one performer: a HealthcareService (or Organization) of the directory",
              "ServiceRequest.performer"));
    }
    throwIfAny(issues);
  }

  /** A Patient's NHS numbers pass the Modulus 11 check. */
  public static void checkPatient(Patient patient) {
    List<Issue> issues = new ArrayList<>();
    List<Identifier> identifiers = patient.getIdentifier();
    for (int i = 0; i < identifiers.size(); i++) {
      Identifier identifier = identifiers.get(i);
      if (NhsNumber.SYSTEM.equals(identifier.getSystem()) && !NhsNumber.isValid(identifier.getValue() == null ? "" : identifier.getValue())) {
        issues.add(
            Issue.of(
                IssueType.INVALID,
                "'" + identifier.getValue() + "' is not a valid NHS number (ten digits, Modulus 11 check digit)",
                "Patient.identifier[" + i + "].value"));
      }
    }
    throwIfAny(issues);
  }

  /** A Consent names its Patient. */
  public static void checkConsent(Consent consent) {
    if (!consent.getPatient().hasReference()) {
      throw FhirProblem.unprocessable("A Consent needs patient: a Patient reference", "Consent.patient");
    }
  }

  private static void throwIfAny(List<Issue> issues) {
    if (!issues.isEmpty()) {
      throw new FhirProblem(FhirProblem.Status.UNPROCESSABLE_ENTITY, issues);
    }
  }
}
