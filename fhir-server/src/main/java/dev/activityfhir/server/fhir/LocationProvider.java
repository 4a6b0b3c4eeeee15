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
import ca.uhn.fhir.rest.param.SpecialParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.HasAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.activityfhir.server.fhir.index.SearchKeyExtractor;
import dev.activityfhir.server.fhir.search.KeyField;
import dev.activityfhir.server.fhir.search.KeyFilter;
import dev.activityfhir.server.fhir.search.LocationSearchParams;
import dev.activityfhir.server.fhir.search.LocationSearchService;
import dev.activityfhir.server.fhir.search.Near;
import dev.activityfhir.server.fhir.search.TextCriterion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import dev.activityfhir.server.fhir.search.Refinement;
import org.jspecify.annotations.Nullable;

/** Read and search of Location: binds the request into {@link LocationSearchParams}. */
public final class LocationProvider implements IResourceProvider {

  private final LocationSearchService service;
  private final ParamBinder binder;
  private final SearchCache cache;
  private final PageAssembler assembler;
  private final ReadSupport reads;
  private final ReverseChains chains;

  LocationProvider(
      LocationSearchService service,
      ParamBinder binder,
      SearchCache cache,
      PageAssembler assembler,
      ReadSupport reads,
      ReverseChains chains) {
    this.chains = chains;
    this.service = service;
    this.binder = binder;
    this.cache = cache;
    this.assembler = assembler;
    this.reads = reads;
  }

  @Override
  public Class<Location> getResourceType() {
    return Location.class;
  }

  /** Reads one Location. */
  @Read
  public Location read(@IdParam IdType id) {
    return (Location) reads.read("Location", id);
  }
  /** The changes to Locations since {@code _since} (withdrawals included), or those current at {@code _at}. */
  @History
  public IBundleProvider history(
      @Since @Nullable InstantType since,
      @At @Nullable DateRangeParam at,
      @Offset @Nullable Integer offset,
      @Count @Nullable Integer count) {
    return reads.history("Location", since, at, offset, count);
  }


  /** Searches Locations; see {@link LocationSearchParams} for the semantics. */
  @Search(allowUnknownParams = true)
  public IBundleProvider search(
      @OptionalParam(name = "_id") @Nullable TokenOrListParam id,
      @OptionalParam(name = "name") @Nullable StringOrListParam name,
      @OptionalParam(name = "address-postalcode") @Nullable StringParam postalCode,
      @OptionalParam(name = "near") @Nullable SpecialParam near,
      @OptionalParam(name = "postcode") @Nullable StringParam postcode,
      @OptionalParam(name = "_lastUpdated") @Nullable DateAndListParam lastUpdated,
      @OptionalParam(name = "_has") @Nullable HasAndListParam has,
      @Sort @Nullable SortSpec sort,
      @IncludeParam(reverse = true, allow = {"Schedule:actor", "HealthcareService:location"})
          @Nullable Set<Include> revInclude) {
    LocationSearchParams params = bind(id, name, postalCode, near, postcode);
    List<KeyFilter> filters = new ArrayList<>(ParamBinder.missing(KeyField.LOCATION_POSTCODE, postalCode));
    filters.addAll(chains.filters("Location", has));
    Refinement refinement =
        ParamBinder.refinement(lastUpdated, sort, true)
            .withExactNames(ParamBinder.exactNames(name))
            .withFilters(filters);
    return new HitsBundleProvider(
        "Location",
        cache.get("Location", params, refinement, () -> service.search(params)),
        Set.of(),
        revInclude,
        assembler);
  }

  /** Binds HAPI's parsed parameters into the search record. */
  LocationSearchParams bind(
      @Nullable TokenOrListParam id,
      @Nullable StringOrListParam name,
      @Nullable StringParam postalCode,
      @Nullable SpecialParam near,
      @Nullable StringParam postcode) {
    if (near != null && postcode != null) {
      throw ParamBinder.invalid("postcode", "cannot be combined with near");
    }
    Near point = null;
    if (near != null) {
      point = ParamBinder.near("near", near.getValue());
    } else if (postcode != null) {
      point = binder.postcode("postcode", postcode.getValue());
    }
    TextCriterion postal =
        postalCode == null || postalCode.getMissing() != null
            ? null
            : ParamBinder.text(postalCode, SearchKeyExtractor.postcodeKey(postalCode.getValue()));
    return new LocationSearchParams(ParamBinder.ids(id), ParamBinder.names(name), postal, point);
  }
}
