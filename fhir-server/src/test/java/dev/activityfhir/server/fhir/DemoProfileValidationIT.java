package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.server.fhir.index.ResourceIndex;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every resource the directory serves from the demo dataset, read over HTTP page by page as a client syncing the
 * directory would, names its type's profile in {@code meta.profile} and validates against it (with UK Core loaded,
 * as a client's validator would): zero errors. Pages are read strictly, so an element FHIR does not define fails.
 */
class DemoProfileValidationIT {

  @RegisterExtension static final FhirServerExtension SERVER = new FhirServerExtension(DemoData::load);

  /** At most this many errors are listed when the test fails. */
  private static final int SHOWN_ERRORS = 20;

  @Test
  void everyServedDemoResourceValidatesAgainstItsProfile() {
    Map<String, Integer> counts = new TreeMap<>();
    List<Resource> served = new ArrayList<>();
    for (String type : new TreeSet<>(ResourceIndex.TYPES)) {
      List<Resource> ofType = allPages(type + "?_count=" + DirectoryRestfulServer.MAXIMUM_PAGE_SIZE);
      counts.put(type, ofType.size());
      assertThat(ofType).as(type + " served").hasSize(SERVER.index().size(type));
      served.addAll(ofType);
    }
    // A read is rendered rather than spliced from the stored JSON: one of each type too.
    for (String type : ResourceIndex.TYPES) {
      String id = served.stream().filter(r -> r.fhirType().equals(type)).findFirst().orElseThrow().getIdPart();
      served.add(parse(given(SERVER.spec()).get(type + "/" + id).then().statusCode(200).extract().asString()));
    }

    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    served.parallelStream().forEach(r -> errors.addAll(ServedProfiles.errors(r)));

    assertThat(counts.get("HealthcareService")).isGreaterThanOrEqualTo(300);
    assertThat(counts.get("Slot")).isGreaterThanOrEqualTo(4_000);
    assertThat(counts.keySet()).containsExactly("HealthcareService", "Location", "Organization", "Schedule", "Slot");
    assertThat(errors.subList(0, Math.min(SHOWN_ERRORS, errors.size())))
        .as("validation errors (%d in all, the first shown) of %s", errors.size(), counts)
        .isEmpty();
  }

  /** Every resource of a search, following its next links. */
  private static List<Resource> allPages(String first) {
    List<Resource> resources = new ArrayList<>();
    String url = SERVER.baseUrl() + "/" + first;
    while (url != null) {
      Response page = given().get(url);
      assertThat(page.statusCode()).as(url).isEqualTo(200);
      Bundle bundle = (Bundle) parse(page.asString());
      for (BundleEntryComponent entry : bundle.getEntry()) {
        resources.add(entry.getResource());
      }
      url = bundle.getLink(Bundle.LINK_NEXT) == null ? null : bundle.getLink(Bundle.LINK_NEXT).getUrl();
    }
    return resources;
  }

  private static Resource parse(String json) {
    return (Resource) ServedProfiles.strictJsonParser().parseResource(json);
  }
}
