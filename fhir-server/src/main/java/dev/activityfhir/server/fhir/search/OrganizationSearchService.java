package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.OrganizationKeys;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.ArrayList;
import java.util.List;

/** Organization search over the {@link ResourceIndex}. */
public final class OrganizationSearchService {

  private final ResourceIndex index;

  /** A search service reading the given index. */
  public OrganizationSearchService(ResourceIndex index) {
    this.index = index;
  }

  /** The matching Organizations, by id. */
  public List<Hit> search(OrganizationSearchParams params) {
    return index.query(
        view -> {
          List<Hit> hits = new ArrayList<>();
          for (Indexed<OrganizationKeys> organization : view.organizations()) {
            if (!params.ids().isEmpty() && !params.ids().contains(organization.id())) {
              continue;
            }
            if (!Matching.anyMatch(organization.keys().nameKey(), params.names())) {
              continue;
            }
            hits.add(Hit.of(organization.id()));
          }
          return hits;
        });
  }
}
