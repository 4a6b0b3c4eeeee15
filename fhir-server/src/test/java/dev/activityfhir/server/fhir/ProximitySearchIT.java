package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Distance;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A link worker's proximity search by activity on the demo dataset gives exactly what a brute-force answer gives,
 * worked out here from every service of the activity and every Location's position: whether the search visits
 * the services near the point (a wide activity, a small distance) or the services of the activity (a narrow
 * activity, a wide distance).
 */
class ProximitySearchIT {

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  private static final String ACTIVITY_LIST = "https://openactive.io/activity-list";
  private static final double EARTH_RADIUS_KM = 6371.0088;

  @ParameterizedTest
  @CsvSource({
    // Within a kilometre or three, fewer services are near than of the activity: the search visits those near.
    // Walking is a parent activity (Walking Football, Nordic Walking...).
    "95092977-5a20-4d6e-b312-8fddabe71544, 1, ",
    "95092977-5a20-4d6e-b312-8fddabe71544, 3, 70",
    // Across a borough or two, fewer are of the activity: it visits those. Football (a parent), Swimming, Yoga.
    "0a5f732d-e806-4e51-ad40-0a7de0239c8c, 8, 70",
    "2750229d-b725-4171-9276-376be913957c, 6, 35",
    "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e, 8, "
  })
  void nearestFirstAsABruteForceAnswer(String activity, double km, Integer age) {
    IGenericClient fhir = SERVER.client();
    String type = "service-type:below=" + ACTIVITY_LIST + "%7C" + activity + (age == null ? "" : "&age=" + age);
    Map<String, double[]> positions = new HashMap<>();
    for (BundleEntryComponent entry : search(fhir, "Location?_count=500").getEntry()) {
      Location location = (Location) entry.getResource();
      if (location.hasPosition()) {
        positions.put(
            location.getIdElement().getIdPart(),
            new double[] {
              location.getPosition().getLatitude().doubleValue(), location.getPosition().getLongitude().doubleValue()
            });
      }
    }
    Bundle ofType = search(fhir, "HealthcareService?_count=500&" + type);
    assertThat(ofType.getLink(Bundle.LINK_NEXT)).isNull();
    List<HealthcareService> services =
        ofType.getEntry().stream().map(entry -> (HealthcareService) entry.getResource()).toList();
    // The point: where the first of these services (by id) meets, so that the search finds at least that one.
    double[] point =
        services.stream()
            .flatMap(service -> service.getLocation().stream())
            .map(location -> positions.get(location.getReferenceElement().getIdPart()))
            .filter(position -> position != null)
            .findFirst()
            .orElseThrow();

    List<String> expected = new ArrayList<>();
    List<Map.Entry<String, Double>> within = new ArrayList<>();
    for (HealthcareService service : services) {
      double nearest = Double.POSITIVE_INFINITY;
      for (Reference location : service.getLocation()) {
        double[] position = positions.get(location.getReferenceElement().getIdPart());
        if (position != null) {
          nearest = Math.min(nearest, haversineKm(point[0], point[1], position[0], position[1]));
        }
      }
      if (nearest <= km) {
        within.add(Map.entry(service.getIdElement().getIdPart(), nearest));
      }
    }
    within.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    within.forEach(entry -> expected.add(entry.getKey() + " " + rounded(entry.getValue())));

    List<String> found = new ArrayList<>();
    Bundle page =
        search(
            fhir,
            "HealthcareService?_count=7&location.near=" + point[0] + "%7C" + point[1] + "%7C" + km + "%7Ckm&" + type);
    while (true) {
      for (BundleEntryComponent entry : page.getEntry()) {
        Distance distance =
            (Distance) entry.getSearch().getExtensionByUrl(DistanceInterceptor.LOCATION_DISTANCE).getValue();
        found.add(entry.getResource().getIdElement().getIdPart() + " " + rounded(distance.getValue().doubleValue()));
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = fhir.loadPage().next(page).execute();
    }

    assertThat(found).isNotEmpty().containsExactlyElementsOf(expected);
  }

  private static Bundle search(IGenericClient fhir, String query) {
    return fhir.search().byUrl(query).returnBundle(Bundle.class).execute();
  }

  /** Kilometres to the metre: the server writes distances to more places than the comparison needs. */
  private static String rounded(double km) {
    return String.format("%.3f", km);
  }

  private static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }
}
