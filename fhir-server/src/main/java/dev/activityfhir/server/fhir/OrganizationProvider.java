package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.server.fhir.search.OrganizationSearchParams;
import dev.activityfhir.server.fhir.search.OrganizationSearchService;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
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

  /** Searches Organizations by {@code _id} and {@code name}. */
  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "_id") @Nullable TokenOrListParam id,
      @OptionalParam(name = "name") @Nullable StringOrListParam name) {
    OrganizationSearchParams params = bind(id, name);
    Set<Include> none = Set.of();
    return new HitsBundleProvider(
        "Organization", cache.get(params, () -> service.search(params)), none, none, assembler);
  }

  /** Binds HAPI's parsed parameters into the search record. */
  static OrganizationSearchParams bind(@Nullable TokenOrListParam id, @Nullable StringOrListParam name) {
    return new OrganizationSearchParams(ParamBinder.ids(id), ParamBinder.names(name));
  }
}
