package dev.activityfhir.server.referral;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.problem.FhirProblem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;

/**
 * The FHIR core instance validator (the one HAPI's {@code FhirInstanceValidator} wraps) over the definitions of a
 * {@link FhirValidation}, loaded once: structure, cardinality, data types, invariants, bindings to the value sets
 * known offline, and the profiles a resource claims in {@code meta.profile}. Validators are reused from an {@link
 * InstanceValidatorPool} rather than built per resource as HAPI does.
 */
public final class HapiStructureValidator implements StructureValidator {

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final InstanceValidatorPool pool;

  public HapiStructureValidator(FhirValidation validation) {
    this.pool = new InstanceValidatorPool(validation.validationSupport());
  }

  @Override
  public List<FhirProblem.Issue> errors(Resource resource) {
    List<ValidationMessage> messages = new ArrayList<>();
    List<StructureDefinition> profiles = claimedProfiles(resource, messages);
    byte[] json = fhir.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
    InstanceValidatorPool.Lent lent = pool.borrow();
    try {
      lent.validator.validate(null, messages, new ByteArrayInputStream(json), FhirFormat.JSON, profiles);
    } finally {
      pool.giveBack(lent);
    }
    return messages.stream()
        .filter(m -> isError(m) && !uncheckable(m))
        .map(HapiStructureValidator::issue)
        .toList();
  }

  /** The StructureDefinitions of {@code meta.profile}; an unknown one is an error at its element. */
  private List<StructureDefinition> claimedProfiles(Resource resource, List<ValidationMessage> messages) {
    List<StructureDefinition> profiles = new ArrayList<>();
    List<CanonicalType> claimed = resource.getMeta().getProfile();
    for (int i = 0; i < claimed.size(); i++) {
      String url = claimed.get(i).getValue();
      StructureDefinition profile = url == null ? null : pool.context().fetchResource(StructureDefinition.class, url);
      if (profile != null) {
        profiles.add(profile);
      } else {
        messages.add(
            new ValidationMessage()
                .setLevel(IssueSeverity.ERROR)
                .setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN)
                .setLocation(resource.fhirType() + ".meta.profile[" + i + "]")
                .setMessage("Profile " + url + " is not known to this server"));
      }
    }
    return profiles;
  }

  private static FhirProblem.Issue issue(ValidationMessage message) {
    String text = message.getMessage() == null ? "invalid" : message.getMessage();
    return message.getLocation() == null
        ? FhirProblem.Issue.of(IssueType.STRUCTURE, text)
        : FhirProblem.Issue.of(IssueType.STRUCTURE, text, message.getLocation());
  }

  /** What HAPI's validator leaves out too: bindings that cannot be checked offline, as no error of the resource. */
  private static boolean uncheckable(ValidationMessage message) {
    String id = message.getMessageId();
    return I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(id)
        || I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(id)
            && message.getMessage() != null
            && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes");
  }

  private static boolean isError(ValidationMessage message) {
    boolean error = message.getLevel() == IssueSeverity.ERROR || message.getLevel() == IssueSeverity.FATAL;
    // A profile the validator itself cannot find is an error too, as with HAPI's errorForUnknownProfiles.
    boolean unknownProfile =
        I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(message.getMessageId())
            || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId());
    return error || unknownProfile && message.getLevel() == IssueSeverity.WARNING;
  }
}
