package dev.activityfhir.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import dev.activityfhir.conformance.ConformanceResources;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validation of mapped resources against FHIR R4 core plus the project's conformance resources (the
 * extensions and code systems the mapping writes) and the activity-list CodeSystem this module
 * builds: the same chain the server uses. Built once per test JVM.
 */
final class FhirValidation {

  static final FhirContext CONTEXT = FhirContext.forR4Cached();

  private static final dev.activityfhir.conformance.FhirValidation VALIDATION =
      new dev.activityfhir.conformance.FhirValidation(
          ConformanceResources.bundled(), List.of(ActivityList.bundled().toCodeSystem()));

  private FhirValidation() {}

  /** The ERROR and FATAL messages for {@code resource}, as "location: message" lines. */
  static List<String> errors(IBaseResource resource) {
    return VALIDATION.errors(resource);
  }

  /** The WARNING messages, to check that nothing we write is merely tolerated. */
  static List<String> warnings(IBaseResource resource) {
    return VALIDATION.validate(resource).getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
        .map(m -> m.getLocationString() + ": " + m.getMessage())
        .toList();
  }
}
