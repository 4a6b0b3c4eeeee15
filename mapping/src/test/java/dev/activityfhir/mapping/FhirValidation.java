package dev.activityfhir.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** FHIR R4 core validation (HAPI FhirInstanceValidator) for mapped resources; built once. */
final class FhirValidation {

  static final FhirContext CONTEXT = FhirContext.forR4Cached();

  private static final FhirValidator VALIDATOR = build();

  private FhirValidation() {}

  private static FhirValidator build() {
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(CONTEXT),
            new InMemoryTerminologyServerValidationSupport(CONTEXT),
            new CommonCodeSystemsTerminologyService(CONTEXT),
            new SnapshotGeneratingValidationSupport(CONTEXT));
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
    instanceValidator.setAnyExtensionsAllowed(true);
    FhirValidator validator = CONTEXT.newValidator();
    validator.registerValidatorModule(instanceValidator);
    return validator;
  }

  /** The ERROR and FATAL messages for {@code resource}, as "location: message" lines. */
  static synchronized List<String> errors(IBaseResource resource) {
    return VALIDATOR.validateWithResult(resource).getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(FhirValidation::line)
        .toList();
  }

  /** Every message (any severity), for diagnosing. */
  static synchronized List<String> messages(IBaseResource resource) {
    return VALIDATOR.validateWithResult(resource).getMessages().stream().map(FhirValidation::line).toList();
  }

  private static String line(SingleValidationMessage message) {
    return message.getSeverity() + " " + message.getLocationString() + ": " + message.getMessage();
  }
}
