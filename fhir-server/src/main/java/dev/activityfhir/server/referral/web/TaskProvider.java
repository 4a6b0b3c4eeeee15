package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.problem.FhirProblem;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;

/**
 * The referral's workflow, created by the server with each referral: read, search, history, and the provider's
 * updates by PUT or JSON Patch ({@code application/json-patch+json}).
 */
public final class TaskProvider extends ReferralResourceProvider {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FhirContext fhir;

  public TaskProvider(ReferralServiceRef services, FhirContext fhir) {
    super(services);
    this.fhir = fhir;
  }

  @Override
  public Class<Task> getResourceType() {
    return Task.class;
  }

  /** Tasks are the server's to create (with each referral): the service refuses with 405, after the scope check. */
  @Create
  public MethodOutcome create(@ResourceParam Task task, RequestDetails details) {
    return outcome(services.get().create(Callers.of(details), task, null));
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam Task task, RequestDetails details) {
    task.setId(id.toUnqualifiedVersionless());
    return outcome(services.get().update(Callers.of(details), task, ifMatch(details)));
  }

  @Patch
  public MethodOutcome patch(
      @IdParam IdType id, PatchTypeEnum type, @ResourceParam String body, RequestDetails details) {
    if (type != PatchTypeEnum.JSON_PATCH) {
      throw new FhirProblem(
          FhirProblem.Status.UNSUPPORTED_MEDIA_TYPE,
          org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED,
          "Tasks are patched with JSON Patch (application/json-patch+json)");
    }
    Caller caller = Callers.of(details);
    Task current = services.get().taskForUpdate(caller, id.getIdPart());
    Long expected = ifMatch(details);
    long version = expected != null ? expected : Long.parseLong(current.getMeta().getVersionId());
    Task patched;
    try {
      JsonNode patch = JSON.readTree(body);
      JsonNode target = JSON.readTree(fhir.newJsonParser().encodeResourceToString(current));
      JsonNode result = JsonPatch.apply(patch, target);
      patched = fhir.newJsonParser().parseResource(Task.class, JSON.writeValueAsString(result));
    } catch (JacksonException | JsonPatchApplicationException | IllegalArgumentException e) {
      throw FhirProblem.badRequest("The JSON Patch cannot be applied: " + e.getMessage());
    }
    patched.setId(id.toUnqualifiedVersionless());
    return outcome(services.get().update(caller, patched, version));
  }
}
