package dev.activityfhir.server.audit;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RawParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.problem.OperationOutcomeInterceptor;
import dev.activityfhir.server.auth.CallerOrganization;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;

/**
 * {@code AuditEvent} read and search ({@code date} with prefixes, {@code agent} = {@code Organization/<id>}, {@code
 * agent:identifier} = {@code https://fhir.nhs.uk/Id/ods-organization-code|<code>}, {@code altid} = the client,
 * {@code outcome} = 0|4|8; newest first), for admin callers only: the token must hold a scope naming AuditEvent
 * itself ({@code system/AuditEvent.rs}); wildcard scopes ({@code system/*.*}) never reach the audit trail. Served
 * by the referral side, whose interceptors authenticate every request and record every read of the trail too.
 */
public final class AuditEventProvider implements IResourceProvider {

  private static final String TYPE = "AuditEvent";
  private static final int DEFAULT_COUNT = 50;
  private static final int MAX_COUNT = 500;
  private static final Set<String> RAW_PARAMETERS = Set.of("agent", "agent:identifier", "altid", "outcome");

  private final Supplier<@Nullable AuditTrail> trails;
  private final Function<RequestDetails, Caller> callers;

  /**
   * @param trail the audit trail; asked per request, as the database opens after the FHIR server is built
   * @param callers the caller each request was authenticated as (before any provider runs)
   */
  public AuditEventProvider(Supplier<@Nullable AuditTrail> trail, Function<RequestDetails, Caller> callers) {
    this.trails = trail;
    this.callers = callers;
  }

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Read
  public AuditEvent read(@IdParam IdType id, RequestDetails request) {
    admit(request, Caller.Permission.READ);
    StoredAuditEvent stored =
        trail().read(id.getIdPart()).orElseThrow(() -> FhirProblem.notFound("AuditEvent/" + id.getIdPart()));
    return AuditEvents.toFhir(stored);
  }

  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "date") @Nullable DateRangeParam date,
      @RawParam @Nullable Map<String, List<String>> raw,
      @Offset @Nullable Integer offset,
      @Count @Nullable Integer count,
      RequestDetails request) {
    admit(request, Caller.Permission.SEARCH);
    AuditTrail trail = trail();
    Map<String, List<String>> parameters = raw == null ? Map.of() : raw;
    for (String name : parameters.keySet()) {
      if (!RAW_PARAMETERS.contains(name) && !name.startsWith("_")) { // _format, _pretty: HAPI's own
        throw new InvalidRequestException(
            "AuditEvent search has no parameter '" + name + "': use date, agent, agent:identifier, altid, outcome");
      }
    }
    AuditQuery query =
        new AuditQuery(
            lowerBound(date),
            upperBound(date),
            organization(parameters),
            single(parameters, "altid"),
            outcome(single(parameters, "outcome")),
            offset == null ? 0 : Math.max(0, offset),
            count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT)));
    List<IBaseResource> page =
        trail.search(query).stream().map(AuditEvents::toFhir).map(IBaseResource.class::cast).toList();
    long total = trail.count(query);
    // Offset paging: HAPI's next link calls this method again (authenticated and recorded like the first page),
    // rather than a stored result that any holder of the link could page through.
    SimpleBundleProvider bundle = new SimpleBundleProvider(page);
    bundle.setCurrentPageOffset(query.offset());
    bundle.setCurrentPageSize(query.count());
    bundle.setSize((int) Math.min(total, Integer.MAX_VALUE));
    return bundle;
  }

  /** Refuses (403) a caller whose token holds no scope naming AuditEvent for this interaction. */
  private void admit(RequestDetails request, Caller.Permission permission) {
    if (!allowsAudit(callers.apply(request), permission)) {
      throw FhirProblem.forbidden(
          "Reading the audit trail needs an admin scope naming AuditEvent (system/AuditEvent.rs)");
    }
  }

  private AuditTrail trail() {
    AuditTrail trail = trails.get();
    if (trail == null) { // the referral side opens a few seconds after the directory: like it, answer 503
      throw new UnclassifiedServerFailureException(
          503,
          "The audit trail is starting",
          OperationOutcomeInterceptor.outcome(
              List.of(FhirProblem.Issue.of(IssueType.TRANSIENT, "The audit trail is starting; retry shortly"))));
    }
    return trail;
  }

  /** True when a scope naming AuditEvent itself (not a wildcard) grants the permission. */
  static boolean allowsAudit(Caller caller, Caller.Permission permission) {
    return caller.scopes().stream()
        .filter(scope -> scope.contains("/" + TYPE + "."))
        .anyMatch(
            scope -> new Caller(caller.clientId(), caller.organization(), Set.of(scope)).allows(TYPE, permission));
  }

  private static @Nullable Long lowerBound(@Nullable DateRangeParam date) {
    Date bound = date == null ? null : date.getLowerBoundAsInstant();
    return bound == null ? null : bound.getTime();
  }

  private static @Nullable Long upperBound(@Nullable DateRangeParam date) {
    Date bound = date == null ? null : date.getUpperBoundAsInstant();
    return bound == null ? null : bound.getTime();
  }

  private static @Nullable String organization(Map<String, List<String>> parameters) {
    String reference = single(parameters, "agent");
    String identifier = single(parameters, "agent:identifier");
    if (reference != null && identifier != null) {
      throw new InvalidRequestException("give agent or agent:identifier, not both");
    }
    if (reference != null) {
      if (!reference.startsWith("Organization/")) {
        throw new InvalidRequestException("agent must be Organization/<id>, got '" + reference + "'");
      }
      return reference;
    }
    if (identifier != null) {
      String prefix = CallerOrganization.ODS_SYSTEM + "|";
      String code = identifier.startsWith(prefix) ? identifier.substring(prefix.length()) : "";
      return CallerOrganization.normalise(code)
          .orElseThrow(
              () ->
                  new InvalidRequestException(
                      "agent:identifier must be " + prefix + "<ODS code>, got '" + identifier + "'"));
    }
    return null;
  }

  private static @Nullable String outcome(@Nullable String raw) {
    if (raw != null && !Set.of("0", "4", "8", "12").contains(raw)) {
      throw new InvalidRequestException("outcome must be 0, 4, 8 or 12, got '" + raw + "'");
    }
    return raw;
  }

  private static @Nullable String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1 || values.get(0).contains(",")) {
      throw new InvalidRequestException(name + " takes one value");
    }
    return values.get(0);
  }
}
