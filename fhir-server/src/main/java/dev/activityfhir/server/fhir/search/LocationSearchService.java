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
    if (near == null) {
      for (Indexed<LocationKeys> location : view.locations()) {
        if (matches(location, params)) {
          hits.add(Hit.of(location.id()));
        }
      }
      return hits;
    }
    Matching.forEachLocationWithin(
        view,
        near,
        (location, distance) -> {
          if (matches(location, params)) {
            hits.add(new Hit(location.id(), distance));
          }
        });
    hits.sort(Comparator.comparingDouble(Hit::distanceKm).thenComparing(Hit::id));
    return hits;
  }

  private static boolean matches(Indexed<LocationKeys> location, LocationSearchParams params) {
    LocationKeys keys = location.keys();
    return (params.ids().isEmpty() || params.ids().contains(location.id()))
        && Matching.anyMatch(keys.nameKey(), params.names())
        && (params.postalCode() == null || params.postalCode().test(keys.postalCode()));
  }
}
