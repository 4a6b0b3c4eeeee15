package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.server.fhir.search.OrganizationSearchParams;
import dev.activityfhir.server.fhir.search.OrganizationSearchService;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import dev.activityfhir.server.fhir.search.Refinement;
import org.jspecify.annotations.Nullable;

/** Read and search of Organization: binds the request into {@link OrganizationSearchParams}. */
public final class OrganizationProvider implements IResourceProvider {

  private final OrganizationSearchService service;
  private final SearchCache cache;
  private final PageAssembler assembler;
  private final ReadSupport reads;

  OrganizationProvider(
      OrganizationSearchService service, SearchCache cache, PageAssembler assembler, ReadSupport reads) {
    this.service = service;
    this.cache = cache;
    this.assembler = assembler;
    this.reads = reads;
  }

  @Override
  public Class<Organization> getResourceType() {
    return Organization.class;
  }

  /** Reads one Organization. */
  @Read
  public Organization read(@IdParam IdType id) {
    return (Organization) reads.read("Organization", id);
  }
  /** The changes to Organizations since {@code _since} (withdrawals included), or those current at {@code _at}. */
  @History
  public IBundleProvider history(
      @Since @Nullable InstantType since,
      @At @Nullable DateRangeParam at,
      @Offset @Nullable Integer offset,
      @Count @Nullable Integer count) {
    return reads.history("Organization", since, at, offset, count);
  }


  /** Searches Organizations by {@code _id} and {@code name}. */
  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "_id") @Nullable TokenOrListParam id,
      @OptionalParam(name = "name") @Nullable StringOrListParam name,
      @OptionalParam(name = "_lastUpdated") @Nullable DateAndListParam lastUpdated,
      @Sort @Nullable SortSpec sort) {
    OrganizationSearchParams params = bind(id, name);
    Refinement refinement = ParamBinder.refinement(lastUpdated, sort, true).withExactNames(ParamBinder.exactNames(name));
    Set<Include> none = Set.of();
    return new HitsBundleProvider(
        "Organization",
        cache.get("Organization", params, refinement, () -> service.search(params)),
        none,
        none,
        assembler);
  }

  /** Binds HAPI's parsed parameters into the search record. */
  static OrganizationSearchParams bind(@Nullable TokenOrListParam id, @Nullable StringOrListParam name) {
    return new OrganizationSearchParams(ParamBinder.ids(id), ParamBinder.names(name));
  }
}
