package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.referral.ReferralSearchBinder;
import dev.activityfhir.server.referral.Written;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * What every referral-side type offers: read, vread, instance history and search, each for the authenticated caller.
 * Subclasses add the writes their type allows. The methods only bind HTTP to the {@code ReferralService}.
 */
public abstract class ReferralResourceProvider implements IResourceProvider {

  final ReferralServiceRef services;

  ReferralResourceProvider(ReferralServiceRef services) {
    this.services = services;
  }

  String typeName() {
    return getResourceType().getSimpleName();
  }

  @Read(version = true)
  public IBaseResource read(@IdParam IdType id, RequestDetails request) {
    if (id.hasVersionIdPart()) {
      return services.get().vread(Callers.of(request), typeName(), id.getIdPart(), version(id.getVersionIdPart()));
    }
    return services.get().read(Callers.of(request), typeName(), id.getIdPart());
  }

  @History
  public IBundleProvider history(@IdParam IdType id, RequestDetails request) {
    List<Resource> versions = services.get().history(Callers.of(request), typeName(), id.getIdPart());
    return new SimpleBundleProvider(versions);
  }

  @Search(allowUnknownParams = true)
  public IBundleProvider search(RequestDetails request) {
    return new ReferralSearchResults(
        services.get(), Callers.of(request), ReferralSearchBinder.bind(typeName(), request.getParameters()));
  }

  /** The version named by an {@code If-Match} ETag ({@code W/"3"}), or null when none was sent. */
  static @Nullable Long ifMatch(RequestDetails request) {
    String header = request.getHeader("If-Match");
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    value = value.replace("\"", "");
    return version(value);
  }

  private static long version(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw FhirProblem.badRequest("A version is a number, got '" + text + "'", "If-Match");
    }
  }

  /** The answer to a write: the id with its version (Location, ETag), the resource, and whether it was created. */
  static MethodOutcome outcome(Written written) {
    Resource resource = written.resource();
    MethodOutcome outcome = new MethodOutcome();
    outcome.setId(
        new IdType(resource.fhirType(), resource.getIdElement().getIdPart(), resource.getMeta().getVersionId()));
    outcome.setResource(resource);
    outcome.setCreated(written.created());
    outcome.setOperationOutcome(said(written));
    return outcome;
  }

  /** What {@code Prefer: return=OperationOutcome} answers for a write: which version was stored. */
  static OperationOutcome said(Written written) {
    Resource resource = written.resource();
    OperationOutcome said = new OperationOutcome();
    said.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
        .setCode(OperationOutcome.IssueType.INFORMATIONAL)
        .setDiagnostics(
            (written.created() ? "Created " : "Stored ") + resource.fhirType() + "/"
                + resource.getIdElement().getIdPart() + " version " + resource.getMeta().getVersionId());
    return said;
  }
}
