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
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.HasAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.server.fhir.search.KeyField;
import dev.activityfhir.server.fhir.search.KeyFilter;
import dev.activityfhir.server.fhir.search.ScheduleSearchParams;
import dev.activityfhir.server.fhir.search.ScheduleSearchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Schedule;
import dev.activityfhir.server.fhir.search.Refinement;
import org.jspecify.annotations.Nullable;

/** Read and search of Schedule: binds the request into {@link ScheduleSearchParams}. */
public final class ScheduleProvider implements IResourceProvider {

  /** The resource types a Schedule's actor can be here. */
  static final List<String> ACTOR_TYPES = List.of("HealthcareService", "Location");

  private final ScheduleSearchService service;
  private final ServiceTypeExpander serviceTypes;
  private final SearchCache cache;
  private final PageAssembler assembler;
  private final ReadSupport reads;
  private final ReverseChains chains;

  ScheduleProvider(
      ScheduleSearchService service,
      ServiceTypeExpander serviceTypes,
      SearchCache cache,
      PageAssembler assembler,
      ReadSupport reads,
      ReverseChains chains) {
    this.chains = chains;
    this.service = service;
    this.serviceTypes = serviceTypes;
    this.cache = cache;
    this.assembler = assembler;
    this.reads = reads;
  }

  @Override
  public Class<Schedule> getResourceType() {
    return Schedule.class;
  }

  /** Reads one Schedule. */
  @Read
  public Schedule read(@IdParam IdType id) {
    return (Schedule) reads.read("Schedule", id);
  }
  /** The changes to Schedules since {@code _since} (withdrawals included), or those current at {@code _at}. */
  @History
  public IBundleProvider history(
      @Since @Nullable InstantType since,
      @At @Nullable DateRangeParam at,
      @Offset @Nullable Integer offset,
      @Count @Nullable Integer count) {
    return reads.history("Schedule", since, at, offset, count);
  }


  /** Searches Schedules; see {@link ScheduleSearchParams} for the semantics. */
  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "_id") @Nullable TokenOrListParam id,
      @OptionalParam(name = "actor") @Nullable ReferenceOrListParam actor,
      @OptionalParam(name = "service-type") @Nullable TokenAndListParam serviceType,
      @OptionalParam(name = "active") @Nullable TokenParam active,
      @OptionalParam(name = "_lastUpdated") @Nullable DateAndListParam lastUpdated,
      @OptionalParam(name = "_has") @Nullable HasAndListParam has,
      @Sort @Nullable SortSpec sort,
      @IncludeParam(allow = {"Schedule:actor"}) @Nullable Set<Include> include,
      @IncludeParam(reverse = true, allow = {"Slot:schedule"}) @Nullable Set<Include> revInclude) {
    ScheduleSearchParams params = bind(id, actor, serviceType, active);
    List<KeyFilter> filters = new ArrayList<>(ParamBinder.notTokens(KeyField.SCHEDULE_SERVICE_TYPE, serviceType));
    filters.addAll(ParamBinder.notToken(KeyField.SCHEDULE_ACTIVE, active));
    filters.addAll(chains.filters("Schedule", has));
    Refinement refinement = ParamBinder.refinement(lastUpdated, sort, false).withFilters(filters);
    return new HitsBundleProvider(
        "Schedule",
        cache.get("Schedule", params, refinement, () -> service.search(params)),
        include,
        revInclude,
        assembler);
  }

  /** Binds HAPI's parsed parameters into the search record. */
  ScheduleSearchParams bind(
      @Nullable TokenOrListParam id,
      @Nullable ReferenceOrListParam actor,
      @Nullable TokenAndListParam serviceType,
      @Nullable TokenParam active) {
    return new ScheduleSearchParams(
        ParamBinder.ids(id),
        ParamBinder.typedReferences("actor", actor, ACTOR_TYPES),
        serviceTypes.groups("service-type", serviceType),
        ParamBinder.bool("active", active));
  }
}
