package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.referral.ReferralSearch;
import dev.activityfhir.server.referral.ReferralService;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A referral search's results for HAPI's paging: each page read from the store when asked, limited to the
 * organisation that searched. {@link #owner()} lets the paging provider refuse the next link to anyone else.
 */
final class ReferralSearchResults implements IBundleProvider {

  private final ReferralService service;
  private final Caller caller;
  private final ReferralSearch search;
  private final int total;
  private final InstantType published = InstantType.now();

  ReferralSearchResults(ReferralService service, Caller caller, ReferralSearch search) {
    this.service = service;
    this.caller = caller;
    this.search = search;
    this.total = (int) Math.min(Integer.MAX_VALUE, service.count(caller, search));
  }

  /** The organisation whose search this is. */
  String owner() {
    return caller.organization();
  }

  @Override
  public IPrimitiveType<Date> getPublished() {
    return published;
  }

  @Override
  public List<IBaseResource> getResources(int fromIndex, int toIndex) {
    int from = Math.max(0, fromIndex);
    int limit = Math.max(0, Math.min(toIndex, total) - from);
    if (limit == 0) {
      return List.of();
    }
    ReferralService.SearchPage page = service.search(caller, search, from, limit);
    List<IBaseResource> resources = new ArrayList<>();
    for (Resource match : page.matches()) {
      ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(match, BundleEntrySearchModeEnum.MATCH);
      resources.add(match);
    }
    for (Resource included : page.included()) {
      ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(included, BundleEntrySearchModeEnum.INCLUDE);
      resources.add(included);
    }
    return resources;
  }

  @Override
  public @Nullable String getUuid() {
    return null;
  }

  @Override
  public Integer preferredPageSize() {
    return search.count();
  }

  @Override
  public Integer size() {
    return total;
  }
}
