package dev.activityfhir.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.problem.FhirProblem;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.jspecify.annotations.Nullable;

/**
 * {@code [type]/$validate}: checks a resource against a profile and answers 200 with an OperationOutcome listing
 * every issue (each with its element path in {@code expression}), or one information issue when there is none.
 *
 * <p>The resource is the request body, or the {@code resource} parameter of a Parameters body. Without {@code
 * profile} it is checked against the FHIR package's profile of its type, the shape the server publishes or accepts;
 * with one, against that profile (from the package, UK Core or FHIR R4; an unknown one answers 400), and, as
 * always with HAPI's validator, against any profile the resource claims in {@code meta.profile}. A resource sent
 * as the body is validated as sent, so an element FHIR does not define is reported rather than dropped by parsing
 * (where the endpoint's own parser accepts it). {@code mode} is accepted and changes nothing.
 */
public final class ValidateOperation {

  private final Supplier<FhirValidation> validation;
  private final FhirContext fhir;

  /**
   * @param validation the validator (built on first use: it takes seconds), usually {@link
   *     FhirValidation#published()}
   * @param fhir the R4 context that reads the bodies
   */
  public ValidateOperation(Supplier<FhirValidation> validation, FhirContext fhir) {
    this.validation = validation;
    this.fhir = fhir;
  }

  /**
   * Validates the body sent to {@code type/$validate}.
   *
   * @param body the request body as sent
   * @param profile the {@code profile} URL parameter, when given
   * @throws FhirProblem 400 when the body is not a resource of {@code type} (or a Parameters holding one), or the
   *     profile is unknown or of another type
   */
  public MethodOutcome validate(String type, @Nullable String body, @Nullable String profile) {
    if (body == null || body.isBlank()) {
      throw FhirProblem.badRequest("$validate needs the resource to validate as its body", "resource");
    }
    IParser parser = EncodingEnum.detectEncodingNoDefault(body) == EncodingEnum.XML
        ? fhir.newXmlParser()
        : fhir.newJsonParser();
    IBaseResource sent = parse(parser, body);
    String text = body;
    String requested = profile;
    if (sent instanceof Parameters parameters) {
      ParametersParameterComponent resource = parameters.getParameter("resource");
      if (resource == null || resource.getResource() == null) {
        throw FhirProblem.badRequest("The Parameters of $validate name no 'resource'", "resource");
      }
      sent = resource.getResource();
      text = parser.encodeResourceToString(sent);
      ParametersParameterComponent named = parameters.getParameter("profile");
      if (named != null && named.hasValue()) {
        requested = named.getValue().primitiveValue();
      }
    }
    String sentType = fhir.getResourceType(sent);
    if (!sentType.equals(type)) {
      throw FhirProblem.badRequest(
          "$validate on " + type + " was sent a " + sentType + "; send it to " + sentType + "/$validate", "resource");
    }
    String against = requested == null || requested.isBlank() ? packageProfile(type) : known(type, requested);
    ValidationResult result =
        validation.get().validator().validateWithResult(text, new ValidationOptions().addProfile(against));
    MethodOutcome outcome = new MethodOutcome();
    outcome.setOperationOutcome(outcome(result, against));
    return outcome;
  }

  /** The {@code profile} URL parameter of a request, if it has one. */
  public static @Nullable String profileParameter(RequestDetails request) {
    String[] values = request.getParameters().get("profile");
    return values == null || values.length == 0 ? null : values[0];
  }

  private static IBaseResource parse(IParser parser, String body) {
    try {
      return parser.parseResource(body);
    } catch (DataFormatException e) {
      throw FhirProblem.badRequest(
          "The body is not a FHIR resource: " + String.valueOf(e.getMessage()).replaceFirst("^HAPI-\\d+: ", ""),
          "resource");
    }
  }

  private static String packageProfile(String type) {
    return ConformanceResources.bundled()
        .profileOf(type)
        .orElse("http://hl7.org/fhir/StructureDefinition/" + type);
  }

  /** The requested profile, when the validator holds it and it constrains {@code type}. */
  private String known(String type, String profile) {
    String url = profile.contains("|") ? profile.substring(0, profile.indexOf('|')) : profile;
    IBaseResource definition = validation.get().validationSupport().fetchStructureDefinition(url);
    if (!(definition instanceof StructureDefinition sd)) {
      throw FhirProblem.badRequest("The profile " + profile + " is not known to this server", "profile");
    }
    if (!type.equals(sd.getType())) {
      throw FhirProblem.badRequest(
          "The profile " + profile + " constrains " + sd.getType() + ", not " + type, "profile");
    }
    return url;
  }

  private static OperationOutcome outcome(ValidationResult result, String profile) {
    OperationOutcome outcome = new OperationOutcome();
    for (SingleValidationMessage message : result.getMessages()) {
      OperationOutcome.OperationOutcomeIssueComponent issue =
          outcome.addIssue()
              .setSeverity(severity(message.getSeverity()))
              .setCode(
                  message.getSeverity() == ResultSeverityEnum.INFORMATION
                      ? IssueType.INFORMATIONAL
                      : IssueType.PROCESSING)
              .setDiagnostics(message.getMessage());
      if (message.getLocationString() != null) {
        issue.addExpression(message.getLocationString());
      }
    }
    if (!outcome.hasIssue()) {
      outcome.addIssue()
          .setSeverity(IssueSeverity.INFORMATION)
          .setCode(IssueType.INFORMATIONAL)
          .setDiagnostics("No issues found against " + profile);
    }
    return outcome;
  }

  private static IssueSeverity severity(ResultSeverityEnum severity) {
    return switch (severity) {
      case FATAL -> IssueSeverity.FATAL;
      case ERROR -> IssueSeverity.ERROR;
      case WARNING -> IssueSeverity.WARNING;
      case INFORMATION -> IssueSeverity.INFORMATION;
    };
  }
}
