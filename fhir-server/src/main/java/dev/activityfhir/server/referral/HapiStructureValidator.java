package dev.activityfhir.server.referral;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.problem.FhirProblem;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/** HAPI's FhirInstanceValidator, built once (it takes seconds to warm up) and shared by every request. */
public final class HapiStructureValidator implements StructureValidator {

  private final FhirValidation validation;

  public HapiStructureValidator(FhirValidation validation) {
    this.validation = validation;
  }

  @Override
  public List<FhirProblem.Issue> errors(Resource resource) {
    return validation.validate(resource).getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(m -> FhirProblem.Issue.of(IssueType.STRUCTURE, m.getMessage(), m.getLocationString()))
        .toList();
  }
}
