package dev.activityfhir.server.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The postcode districts of Greater London, read from the bundled {@code uk-outcodes.csv}: rows whose
 * county says London and whose centroid lies in the Greater London bounding box.
 */
final class LondonDistricts {

  static final double MIN_LATITUDE = 51.28;
  static final double MAX_LATITUDE = 51.70;
  static final double MIN_LONGITUDE = -0.51;
  static final double MAX_LONGITUDE = 0.33;

  private static final Set<String> LONDON_COUNTIES = Set.of("Greater London", "City of London", "London");

  private LondonDistricts() {}

  /** The districts sorted by outcode, so the generator's choices do not depend on file order. */
  static List<District> load() {
    String resource = "uk-outcodes.csv";
    try (InputStream in = LondonDistricts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<District> districts = new ArrayList<>();
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        List<String> cells = csvCells(line);
        if (cells.size() < 7 || !LONDON_COUNTIES.contains(cells.get(6).trim())) {
          continue;
        }
        double latitude = Double.parseDouble(cells.get(3));
        double longitude = Double.parseDouble(cells.get(4));
        if (inside(latitude, longitude)) {
          String outcode = cells.get(0).trim();
          String town = cells.get(5).trim();
          districts.add(new District(outcode, town.isEmpty() ? "City of London" : town, latitude, longitude));
        }
      }
      districts.sort(Comparator.comparing(District::outcode));
      return List.copyOf(districts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Whether a point lies in the Greater London bounding box. */
  static boolean inside(double latitude, double longitude) {
    return latitude >= MIN_LATITUDE && latitude <= MAX_LATITUDE
        && longitude >= MIN_LONGITUDE && longitude <= MAX_LONGITUDE;
  }

  /** Splits one CSV line, honouring double-quoted cells (a few town names contain commas). */
  private static List<String> csvCells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
