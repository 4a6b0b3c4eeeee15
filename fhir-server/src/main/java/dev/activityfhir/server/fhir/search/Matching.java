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

  /** All groups (AND) have at least one criterion (OR) matching one of the tokens. */
  static boolean allGroupsMatch(List<List<TokenCriterion>> groups, List<String> tokens) {
    for (List<TokenCriterion> group : groups) {
      boolean any = false;
      for (TokenCriterion criterion : group) {
        if (criterion.matchesAny(tokens)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** Distance from the near point to a location, or +infinity when it has no position or is far off. */
  static double distance(Near near, LocationKeys keys) {
    if (!keys.hasPosition() || !near.withinLatitudeBand(keys.latitude())) {
      return Double.POSITIVE_INFINITY;
    }
    return near.distanceTo(keys.latitude(), keys.longitude());
  }
}
