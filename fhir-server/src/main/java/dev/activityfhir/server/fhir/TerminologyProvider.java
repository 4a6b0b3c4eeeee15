package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.activityfhir.conformance.terminology.Terminology;
import dev.activityfhir.conformance.terminology.TerminologyException;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.jspecify.annotations.Nullable;

/**
 * The terminology operations over the published code systems and value sets, at type level
 * ({@code CodeSystem/$lookup?system=...&code=...}) and instance level ({@code
 * CodeSystem/activity-list/$lookup?code=...}): {@code CodeSystem/$lookup}, {@code
 * CodeSystem/$subsumes}, {@code CodeSystem/$validate-code}, {@code ValueSet/$expand} and {@code
 * ValueSet/$validate-code}, GET or POST. Answered from memory by {@link Terminology}; an unknown
 * system, value set or code answers 404 and a missing parameter 400, each with an OperationOutcome
 * naming the parameter.
 */
public final class TerminologyProvider {

  private final Terminology terminology;

  public TerminologyProvider(Terminology terminology) {
    this.terminology = terminology;
  }

  /** {@code $lookup}: display, definition, synonyms and parent/child codes of a code. */
  @Operation(name = "$lookup", idempotent = true, type = CodeSystem.class)
  public Parameters lookup(
      @IdParam(optional = true) @Nullable IdType id,
      @OperationParam(name = "system") @Nullable UriType system,
      @OperationParam(name = "code") @Nullable CodeType code,
      @OperationParam(name = "coding") @Nullable Coding coding) {
    return answer(
        () ->
            terminology.lookup(
                systemOf(id, value(system), coding), coding != null ? coding.getCode() : value(code)));
  }

  /** {@code $subsumes}: how codeA and codeB relate in the hierarchy. */
  @Operation(name = "$subsumes", idempotent = true, type = CodeSystem.class)
  public Parameters subsumes(
      @IdParam(optional = true) @Nullable IdType id,
      @OperationParam(name = "system") @Nullable UriType system,
      @OperationParam(name = "codeA") @Nullable CodeType codeA,
      @OperationParam(name = "codeB") @Nullable CodeType codeB) {
    return answer(
        () -> terminology.subsumes(systemOf(id, value(system), null), value(codeA), value(codeB)));
  }

  /** {@code CodeSystem/$validate-code}: is the code (and display) in the code system. */
  @Operation(name = "$validate-code", idempotent = true, type = CodeSystem.class)
  public Parameters validateCodeInSystem(
      @IdParam(optional = true) @Nullable IdType id,
      @OperationParam(name = "url") @Nullable UriType url,
      @OperationParam(name = "code") @Nullable CodeType code,
      @OperationParam(name = "display") @Nullable StringType display) {
    return answer(
        () -> terminology.validateCode(systemOf(id, value(url), null), value(code), value(display)));
  }

  /** {@code $expand}: the value set's codes, with type-ahead {@code filter}, {@code count}, {@code offset}. */
  @Operation(name = "$expand", idempotent = true, type = ValueSet.class)
  public ValueSet expand(
      @IdParam(optional = true) @Nullable IdType id,
      @OperationParam(name = "url") @Nullable UriType url,
      @OperationParam(name = "filter") @Nullable StringType filter,
      @OperationParam(name = "count") @Nullable IntegerType count,
      @OperationParam(name = "offset") @Nullable IntegerType offset) {
    return answer(
        () ->
            terminology.expand(
                valueSetOf(id, value(url)),
                value(filter),
                offset == null || offset.getValue() == null ? 0 : offset.getValue(),
                count == null ? null : count.getValue()));
  }

  /** {@code ValueSet/$validate-code}: is the code (and display) in the value set. */
  @Operation(name = "$validate-code", idempotent = true, type = ValueSet.class)
  public Parameters validateCodeInValueSet(
      @IdParam(optional = true) @Nullable IdType id,
      @OperationParam(name = "url") @Nullable UriType url,
      @OperationParam(name = "system") @Nullable UriType system,
      @OperationParam(name = "code") @Nullable CodeType code,
      @OperationParam(name = "display") @Nullable StringType display) {
    return answer(
        () ->
            terminology.validateCodeInValueSet(
                valueSetOf(id, value(url)), value(system), value(code), value(display)));
  }

  private @Nullable String systemOf(
      @Nullable IdType id, @Nullable String system, @Nullable Coding coding) {
    if (id != null && id.hasIdPart()) {
      return terminology
          .codeSystemUrl(id.getIdPart())
          .orElseThrow(
              () -> new ResourceNotFoundException("CodeSystem/" + id.getIdPart() + " is not known"));
    }
    return coding != null && coding.hasSystem() ? coding.getSystem() : system;
  }

  private @Nullable String valueSetOf(@Nullable IdType id, @Nullable String url) {
    if (id != null && id.hasIdPart()) {
      return terminology
          .valueSetUrl(id.getIdPart())
          .orElseThrow(
              () -> new ResourceNotFoundException("ValueSet/" + id.getIdPart() + " is not known"));
    }
    return url;
  }

  private static <T> T answer(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (TerminologyException e) {
      OperationOutcome outcome = new OperationOutcome();
      outcome
          .addIssue()
          .setSeverity(IssueSeverity.ERROR)
          .setCode(
              e.kind() == TerminologyException.Kind.NOT_FOUND
                  ? IssueType.NOTFOUND
                  : IssueType.REQUIRED)
          .setDiagnostics(e.getMessage())
          .addExpression(e.parameter());
      BaseServerResponseException response =
          e.kind() == TerminologyException.Kind.NOT_FOUND
              ? new ResourceNotFoundException(e.getMessage())
              : new InvalidRequestException(e.getMessage());
      response.setOperationOutcome(outcome);
      throw response;
    }
  }

  private static @Nullable String value(@Nullable IPrimitiveType<?> primitive) {
    return primitive == null || primitive.isEmpty() ? null : primitive.getValueAsString();
  }
}
