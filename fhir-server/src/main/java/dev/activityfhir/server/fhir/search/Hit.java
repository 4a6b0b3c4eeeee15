package dev.activityfhir.server.fhir.search;

/**
 * One search match.
 *
 * @param id the id of the matching resource
 * @param distanceKm its distance from the {@code near} point in kilometres, or NaN when the search had none
 */
public record Hit(String id, double distanceKm) {

  /** A match without a distance. */
  public static Hit of(String id) {
    return new Hit(id, Double.NaN);
  }

  /** Whether the match carries a distance. */
  public boolean hasDistance() {
    return !Double.isNaN(distanceKm);
  }
}
