package dev.activityfhir.server.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import dev.activityfhir.server.fhir.DirectoryFixtures;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.List;

/** An index holding {@link DirectoryFixtures#all()}, and small helpers for search tests. */
final class SearchFixtures {

  private SearchFixtures() {}

  static ResourceIndex index() {
    ResourceIndex index = new ResourceIndex(FhirContext.forR4Cached());
    index.apply(DirectoryFixtures.all());
    return index;
  }

  static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  static TokenCriterion activity(String code) {
    return new TokenCriterion(DirectoryFixtures.ACTIVITY, code);
  }
}
