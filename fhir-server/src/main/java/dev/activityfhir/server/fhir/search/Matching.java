package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.LocationKeys;
import java.util.List;

/** Comparisons shared by the search services. */
final class Matching {

  private Matching() {}

  static boolean startsWithAny(String key, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Distance from the near point to a location, or +infinity when it has no position or is far off. */
  static double distance(Near near, LocationKeys keys) {
    if (!keys.hasPosition() || !near.withinLatitudeBand(keys.latitude())) {
      return Double.POSITIVE_INFINITY;
    }
    return near.distanceTo(keys.latitude(), keys.longitude());
  }
}
