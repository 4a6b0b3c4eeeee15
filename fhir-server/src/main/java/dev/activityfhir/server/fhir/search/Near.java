package dev.activityfhir.server.fhir.search;

/**
 * A proximity criterion: a point and the greatest distance from it.
 *
 * @param latitude WGS84 latitude in degrees
 * @param longitude WGS84 longitude in degrees
 * @param distanceKm the greatest distance, in kilometres
 */
public record Near(double latitude, double longitude, double distanceKm) {

  /** The distance used when a {@code near} or {@code postcode} parameter gives none: 5 km. */
  public static final double DEFAULT_DISTANCE_KM = 5.0;

  private static final double EARTH_RADIUS_KM = 6371.0088;

  /** Great-circle (haversine) distance in kilometres from this point to another. */
  public double distanceTo(double lat, double lon) {
    double dLat = Math.toRadians(lat - latitude);
    double dLon = Math.toRadians(lon - longitude);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(latitude))
                * Math.cos(Math.toRadians(lat))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /**
   * Cheap pre-check before the haversine: whether a point lies inside the latitude band the distance allows (one
   * degree of latitude is about 111.2 km everywhere).
   */
  boolean withinLatitudeBand(double lat) {
    return Math.abs(lat - latitude) * 111.19 <= distanceKm + 0.001;
  }
}
