package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.IndexView;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.LocationKeys;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Location search over the {@link ResourceIndex}. */
public final class LocationSearchService {

  private final ResourceIndex index;

  /** A search service reading the given index. */
  public LocationSearchService(ResourceIndex index) {
    this.index = index;
  }

  /** The matching Locations: nearest first with their distance when {@code near} is given, else by id. */
  public List<Hit> search(LocationSearchParams params) {
    return index.query(view -> search(view, params));
  }

  private static List<Hit> search(IndexView view, LocationSearchParams params) {
    List<Hit> hits = new ArrayList<>();
    Near near = params.near();
    for (Indexed<LocationKeys> location : view.locations()) {
      LocationKeys keys = location.keys();
      if (!params.ids().isEmpty() && !params.ids().contains(location.id())) {
        continue;
      }
      if (!params.names().isEmpty() && !Matching.startsWithAny(keys.nameKey(), params.names())) {
        continue;
      }
      if (params.postalCodePrefix() != null && !keys.postalCode().startsWith(params.postalCodePrefix())) {
        continue;
      }
      if (near == null) {
        hits.add(Hit.of(location.id()));
        continue;
      }
      double distance = Matching.distance(near, keys);
      if (distance <= near.distanceKm()) {
        hits.add(new Hit(location.id(), distance));
      }
    }
    if (near != null) {
      hits.sort(Comparator.comparingDouble(Hit::distanceKm).thenComparing(Hit::id));
    }
    return hits;
  }
}
