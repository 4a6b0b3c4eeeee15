package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.auth.Caller.Permission;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.validation.ValidateOperation;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST [type]/$validate} for the referral types (see {@link ValidateOperation}): nothing is read or stored,
 * but, as everywhere on this side, only for an authenticated caller whose scopes let it write that type.
 */
public final class ReferralValidateProvider {

  private final ValidateOperation operation;

  public ReferralValidateProvider(ValidateOperation operation) {
    this.operation = operation;
  }

  @Validate(type = ServiceRequest.class)
  public MethodOutcome serviceRequest(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("ServiceRequest", body, request);
  }

  @Validate(type = Patient.class)
  public MethodOutcome patient(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Patient", body, request);
  }

  @Validate(type = Consent.class)
  public MethodOutcome consent(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Consent", body, request);
  }

  @Validate(type = Task.class)
  public MethodOutcome task(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Task", body, request);
  }

  private MethodOutcome validate(String type, @Nullable String body, RequestDetails request) {
    Caller caller = Callers.of(request);
    if (!caller.allows(type, Permission.CREATE) && !caller.allows(type, Permission.UPDATE)) {
      throw FhirProblem.forbidden("The token's scopes allow neither create nor update of " + type);
    }
    return operation.validate(type, body, ValidateOperation.profileParameter(request));
  }
}
