package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.server.fhir.search.KeyField;
import dev.activityfhir.server.fhir.search.KeyFilter;
import dev.activityfhir.server.fhir.search.Refinement;
import dev.activityfhir.server.fhir.search.SlotSearchParams;
import dev.activityfhir.server.fhir.search.SlotSearchService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/** Read and search of Slot: binds the request into {@link SlotSearchParams}. */
public final class SlotProvider implements IResourceProvider {

  private static final Set<String> STATUSES =
      Set.of("busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error");

  private final SlotSearchService service;
  private final ServiceTypeExpander serviceTypes;
  private final SearchCache cache;
  private final PageAssembler assembler;
  private final ReadSupport reads;

  SlotProvider(
      SlotSearchService service,
      ServiceTypeExpander serviceTypes,
      SearchCache cache,
      PageAssembler assembler,
      ReadSupport reads) {
    this.service = service;
    this.serviceTypes = serviceTypes;
    this.cache = cache;
    this.assembler = assembler;
    this.reads = reads;
  }

  @Override
  public Class<Slot> getResourceType() {
    return Slot.class;
  }

  /** Reads one Slot. */
  @Read
  public Slot read(@IdParam IdType id) {
    return (Slot) reads.read("Slot", id);
  }
  /** The changes to Slots since {@code _since} (withdrawals included), or those current at {@code _at}. */
  @History
  public IBundleProvider history(
      @Since @Nullable InstantType since,
      @At @Nullable DateRangeParam at,
      @Offset @Nullable Integer offset,
      @Count @Nullable Integer count) {
    return reads.history("Slot", since, at, offset, count);
  }


  /** Searches Slots; see {@link SlotSearchParams} for the semantics. */
  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "_id") @Nullable TokenOrListParam id,
      @OptionalParam(name = "schedule", chainWhitelist = {"", "actor"}) @Nullable ReferenceOrListParam schedule,
      @OptionalParam(name = "start") @Nullable DateAndListParam start,
      @OptionalParam(name = "status") @Nullable TokenOrListParam status,
      @OptionalParam(name = "service-type") @Nullable TokenAndListParam serviceType,
      @OptionalParam(name = "_lastUpdated") @Nullable DateAndListParam lastUpdated,
      @Sort @Nullable SortSpec sort,
      @IncludeParam(allow = {"Slot:schedule"}) @Nullable Set<Include> include) {
    boolean byStart = sort == null || "start".equals(sort.getParamName());
    SlotSearchParams params = bind(id, schedule, start, status, serviceType, byStart ? sort : null);
    List<KeyFilter> filters = new ArrayList<>(ParamBinder.notTokens(KeyField.SLOT_STATUS, status));
    filters.addAll(ParamBinder.notTokens(KeyField.SLOT_SERVICE_TYPE, serviceType));
    Refinement refinement =
        ParamBinder.refinement(lastUpdated, byStart ? null : sort, false).withFilters(filters);
    return new HitsBundleProvider(
        "Slot",
        cache.get("Slot", params, refinement, () -> service.search(params)),
        include,
        Set.of(),
        assembler);
  }

  /** Binds HAPI's parsed parameters into the search record. */
  SlotSearchParams bind(
      @Nullable TokenOrListParam id,
      @Nullable ReferenceOrListParam schedule,
      @Nullable DateAndListParam start,
      @Nullable TokenOrListParam status,
      @Nullable TokenAndListParam serviceType,
      @Nullable SortSpec sort) {
    Set<String> scheduleIds = new LinkedHashSet<>();
    Set<String> actors = new LinkedHashSet<>();
    if (schedule != null) {
      for (ReferenceParam reference : schedule.getValuesAsQueryTokens()) {
        if ("actor".equals(reference.getChain())) {
          ReferenceParam actor = new ReferenceParam(reference.getValue());
          actors.addAll(ParamBinder.typedReference("schedule.actor", actor, ScheduleProvider.ACTOR_TYPES));
        } else {
          scheduleIds.addAll(
              ParamBinder.referenceIds("schedule", new ReferenceOrListParam().add(reference), "Schedule"));
        }
      }
    }
    Set<String> statuses = new LinkedHashSet<>();
    if (status != null) {
      for (TokenParam token : status.getValuesAsQueryTokens()) {
        if (token.getModifier() != null) {
          continue; // :not, a filter
        }
        if (!STATUSES.contains(token.getValue())) {
          throw ParamBinder.invalid("status", "unknown slot status '" + token.getValue() + "'");
        }
        statuses.add(token.getValue());
      }
    }
    boolean descending = false;
    if (sort != null) {
      if (!"start".equals(sort.getParamName()) || sort.getChain() != null) {
        throw ParamBinder.invalid("_sort", "start or _lastUpdated, with - for descending order");
      }
      descending = sort.getOrder() == SortOrderEnum.DESC;
    }
    return new SlotSearchParams(
        ParamBinder.ids(id),
        scheduleIds,
        actors,
        ParamBinder.dates("start", start),
        statuses,
        serviceTypes.groups("service-type", serviceType),
        descending);
  }
}
