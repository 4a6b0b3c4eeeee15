package dev.activityfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.FhirValidation;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The check every served resource must pass: it names its type's profile of the FHIR package in {@code
 * meta.profile} (that one alone) and validates against it with zero errors, checked by HAPI's validator loaded with
 * the package and UK Core ({@link FhirValidation#published()}), as a client's would be.
 */
public final class ServedProfiles {

  private static final FhirContext STRICT = strictContext();

  private ServedProfiles() {}

  /** A parser that fails on any element FHIR R4 does not define, so that nothing served is dropped unseen. */
  public static IParser strictJsonParser() {
    return STRICT.newJsonParser();
  }

  /**
   * What is wrong with a served resource, each as {@code "<Type>/<id> <path>: <message>"}; empty when it claims its
   * type's profile and validates against it.
   */
  public static List<String> errors(Resource resource) {
    String name = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    String expected = ConformanceResources.bundled().profileOf(resource.fhirType()).orElse(null);
    List<String> claimed = resource.getMeta().getProfile().stream().map(CanonicalType::getValue).toList();
    List<String> errors = new ArrayList<>();
    if (expected == null || !claimed.equals(List.of(expected))) {
      errors.add(name + " meta.profile: claims " + claimed + ", expected [" + expected + "]");
      return errors;
    }
    FhirValidation.published().errors(resource, expected).forEach(e -> errors.add(name + " " + e));
    return errors;
  }

  private static FhirContext strictContext() {
    FhirContext context = FhirContext.forR4();
    context.setParserErrorHandler(new StrictErrorHandler());
    return context;
  }
}
