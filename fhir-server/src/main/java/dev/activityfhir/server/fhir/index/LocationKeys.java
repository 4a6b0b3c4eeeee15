package dev.activityfhir.server.fhir.index;

/**
 * Search keys of a Location.
 *
 * @param nameKey {@link TextKey} of the name
 * @param postalCode the postcode in upper case without spaces, or the empty string
 * @param latitude WGS84 latitude, NaN when unknown
 * @param longitude WGS84 longitude, NaN when unknown
 */
public record LocationKeys(String nameKey, String postalCode, double latitude, double longitude) {

  /** Whether the location has a usable position. */
  public boolean hasPosition() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }
}
