package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.problem.OperationOutcomeInterceptor;
import dev.activityfhir.server.validation.ValidateOperation;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST [type]/$validate} for the directory's types (see {@link ValidateOperation}): a publisher or integrator
 * checks a resource against the profile the directory publishes, without a token, as nothing is read or stored.
 */
public final class DirectoryValidateProvider {

  private final ValidateOperation operation;

  public DirectoryValidateProvider(ValidateOperation operation) {
    this.operation = operation;
  }

  @Validate(type = HealthcareService.class)
  public MethodOutcome healthcareService(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("HealthcareService", body, request);
  }

  @Validate(type = Location.class)
  public MethodOutcome location(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Location", body, request);
  }

  @Validate(type = Organization.class)
  public MethodOutcome organization(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Organization", body, request);
  }

  @Validate(type = Schedule.class)
  public MethodOutcome schedule(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Schedule", body, request);
  }

  @Validate(type = Slot.class)
  public MethodOutcome slot(@ResourceParam @Nullable String body, RequestDetails request) {
    return validate("Slot", body, request);
  }

  private MethodOutcome validate(String type, @Nullable String body, RequestDetails request) {
    try {
      return operation.validate(type, body, ValidateOperation.profileParameter(request));
    } catch (FhirProblem problem) {
      // HAPI's exception already, so that the request guard's handler of parse failures passes it on unchanged.
      throw OperationOutcomeInterceptor.response(problem);
    }
  }
}
