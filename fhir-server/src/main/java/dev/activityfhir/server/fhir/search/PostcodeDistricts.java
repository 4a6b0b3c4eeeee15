package dev.activityfhir.server.fhir.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Centroids of UK postcode districts (outward codes such as {@code SE15}), from the bundled {@code
 * geo/uk-outcodes.csv} (source: academe/UK-Postcodes, Dan Gibbs' postcode database; see the README beside it).
 * Turns a full postcode or a district into the district's centroid.
 */
public final class PostcodeDistricts {

  // A full postcode is the outward code, optional space, then digit + two letters.
  private static final Pattern FULL = Pattern.compile("^([A-Z]{1,2}[0-9][A-Z0-9]?)\\s*[0-9][A-Z]{2}$");
  private static final Pattern DISTRICT = Pattern.compile("^[A-Z]{1,2}[0-9][A-Z0-9]?$");

  private final Map<String, double[]> centroids;

  private PostcodeDistricts(Map<String, double[]> centroids) {
    this.centroids = Map.copyOf(centroids);
  }

  /** The bundled UK districts. */
  public static PostcodeDistricts bundled() {
    try (InputStream in =
        PostcodeDistricts.class.getResourceAsStream("/dev/activityfhir/server/fhir/geo/uk-outcodes.csv")) {
      if (in == null) {
        throw new IllegalStateException("uk-outcodes.csv is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, double[]> centroids = new HashMap<>();
      String line = reader.readLine(); // header
      while ((line = reader.readLine()) != null) {
        String[] cells = line.split(",", -1);
        if (cells.length > 4 && !cells[3].isEmpty() && !cells[4].isEmpty()) {
          centroids.put(
              cells[0].trim().toUpperCase(Locale.ROOT),
              new double[] {Double.parseDouble(cells[3]), Double.parseDouble(cells[4])});
        }
      }
      return new PostcodeDistricts(centroids);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The centroid of the district of a postcode ({@code SE15 3AB}, {@code se153ab}) or district ({@code SE15}), as
   * {@code [latitude, longitude]}; empty when it is not a known UK district.
   */
  public Optional<double[]> centroid(String postcodeOrDistrict) {
    String text = postcodeOrDistrict.trim().toUpperCase(Locale.ROOT);
    Matcher full = FULL.matcher(text);
    String district;
    if (DISTRICT.matcher(text).matches()) {
      district = text;
    } else if (full.matches()) {
      district = full.group(1);
    } else {
      return Optional.empty();
    }
    double[] point = centroids.get(district);
    return point == null ? Optional.empty() : Optional.of(point.clone());
  }
}
