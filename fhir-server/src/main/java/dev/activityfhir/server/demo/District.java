package dev.activityfhir.server.demo;

/**
 * A postcode district with its centroid.
 *
 * @param outcode the outward code, e.g. {@code SE15}
 * @param town the town or borough name from the source (may repeat across districts)
 * @param latitude centroid latitude
 * @param longitude centroid longitude
 */
record District(String outcode, String town, double latitude, double longitude) {}
