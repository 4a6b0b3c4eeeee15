package dev.activityfhir.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceEligibilityComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Range;

/** Small readers that keep the mapping tests' assertions about values, not HAPI navigation. */
final class Fhir {

  private Fhir() {}

  static String json(DomainResource resource) {
    return FhirValidation.CONTEXT.newJsonParser().encodeResourceToString(resource);
  }

  static Coding coding(CodeableConcept concept) {
    return concept.getCodingFirstRep();
  }

  static List<String> codes(List<CodeableConcept> concepts) {
    return concepts.stream().map(c -> c.getCodingFirstRep().getSystem() + "|" + c.getCodingFirstRep().getCode()).toList();
  }

  /** The value of a (sub-)extension as a string, or null. */
  static String value(Element element, String url) {
    return value(element.getExtensionByUrl(url));
  }

  /** The value of a resource's extension as a string, or null. */
  static String value(DomainResource resource, String url) {
    return value(resource.getExtensionByUrl(url));
  }

  private static String value(Extension extension) {
    if (extension == null || !(extension.getValue() instanceof PrimitiveType<?> primitive)) {
      return null;
    }
    return primitive.getValueAsString();
  }

  static Extension attribution(DomainResource resource) {
    return resource.getExtensionByUrl(AttributionMapper.ATTRIBUTION_URL);
  }

  static Instant lastUpdated(DomainResource resource) {
    return resource.getMeta().getLastUpdated().toInstant();
  }

  static HealthcareServiceEligibilityComponent eligibility(HealthcareService service, String system) {
    return service.getEligibility().stream()
        .filter(e -> system.equals(e.getCode().getCodingFirstRep().getSystem()))
        .findFirst()
        .orElse(null);
  }

  /** "low..high" in years of an age eligibility entry, blank for an open end. */
  static String ageRange(HealthcareServiceEligibilityComponent age) {
    return range((Range) age.getExtensionByUrl(EligibilityMapper.AGE_RANGE_URL).getValue());
  }

  static String range(Range range) {
    return plain(range.hasLow() ? range.getLow().getValue() : null)
        + ".."
        + plain(range.hasHigh() ? range.getHigh().getValue() : null);
  }

  private static String plain(BigDecimal value) {
    return value == null ? "" : value.stripTrailingZeros().toPlainString();
  }
}
