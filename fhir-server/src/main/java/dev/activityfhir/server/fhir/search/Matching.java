package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.IndexView;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.LocationKeys;
import dev.activityfhir.server.fhir.index.LocationPoints;
import java.util.List;

/** Comparisons shared by the search services. */
final class Matching {

  private Matching() {}

  /** Whether the key satisfies any of the criteria (a comma-separated list: OR); true when there are none. */
  static boolean anyMatch(String key, List<TextCriterion> criteria) {
    if (criteria.isEmpty()) {
      return true;
    }
    for (TextCriterion criterion : criteria) {
      if (criterion.test(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Calls {@code found} with each positioned Location within {@code near}'s distance, in latitude order: only those
   * in the latitude band are read, and only those in the longitude band too are measured.
   */
  static void forEachLocationWithin(IndexView view, Near near, LocationFound found) {
    LocationPoints points = view.locationPoints();
    double latitudeBand = near.latitudeBandDegrees();
    double longitudeBand = near.longitudeBandDegrees();
    double highest = near.latitude() + latitudeBand;
    for (int i = points.firstAtOrAbove(near.latitude() - latitudeBand);
        i < points.size() && points.latitude(i) <= highest;
        i++) {
      if (near.longitudeGap(points.longitude(i)) > longitudeBand) {
        continue;
      }
      double distance = near.distanceTo(points.latitude(i), points.longitude(i));
      if (distance <= near.distanceKm()) {
        found.accept(points.entry(i), distance);
      }
    }
  }

  /** Receives a Location found near a point. */
  @FunctionalInterface
  interface LocationFound {
    void accept(Indexed<LocationKeys> location, double distanceKm);
  }
}
