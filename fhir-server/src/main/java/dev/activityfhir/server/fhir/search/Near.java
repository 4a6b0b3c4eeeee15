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
   * Half the latitude band a point within the distance lies in, in degrees (one degree of latitude is 111.195 km
   * of great circle everywhere; a little wider, to be safe).
   */
  double latitudeBandDegrees() {
    return (distanceKm + 0.001) / 111.19;
  }

  /**
   * Half the longitude band a point within the distance lies in, in degrees: asin(sin(d/R) / cos(latitude)), the
   * widest the circle gets (J. P. Matuschek's bounding box); 180 (no band) when the circle reaches a pole.
   */
  double longitudeBandDegrees() {
    double angular = (distanceKm + 0.001) / EARTH_RADIUS_KM;
    double ratio = Math.sin(Math.min(angular, Math.PI / 2)) / Math.cos(Math.toRadians(latitude));
    return ratio >= 1 || Double.isNaN(ratio) ? 180 : Math.toDegrees(Math.asin(ratio)) * 1.0001;
  }

  /** Degrees of longitude between this point and {@code lon}, across the antimeridian if shorter: 0 to 180. */
  double longitudeGap(double lon) {
    double gap = Math.abs(lon - longitude) % 360;
    return gap > 180 ? 360 - gap : gap;
  }
}
