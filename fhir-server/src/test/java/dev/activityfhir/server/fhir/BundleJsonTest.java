package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.Distance;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class BundleJsonTest {

  private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();

  @Test
  void writesASearchPageAsHapiDoes() {
    Bundle page = page();

    assertThat(write(page, JSON::encodeResourceToString)).isEqualTo(JSON.encodeResourceToString(page));
  }

  @Test
  void writesEachResourceAsGiven() {
    Bundle page = page();

    String json = write(page, resource -> "{\"resourceType\":\"" + resource.fhirType() + "\"}");

    assertThat(json)
        .contains("\"resource\":{\"resourceType\":\"HealthcareService\"},\"search\":{\"extension\":[{")
        .contains("\"resource\":{\"resourceType\":\"Location\"},\"search\":{\"mode\":\"include\"}");
  }

  @Test
  void leavesToHapiWhatItDoesNotWrite() {
    assertGivesUp(page -> page.setIdentifier(new Identifier().setValue("x")));
    assertGivesUp(page -> page.setTimestamp(new java.util.Date()));
    assertGivesUp(page -> page.getMeta().setVersionId("2"));
    assertGivesUp(page -> page.getMeta().addTag().setCode("SUBSETTED"));
    assertGivesUp(page -> page.getEntryFirstRep().getRequest().setUrl("HealthcareService/hs-1"));
    assertGivesUp(page -> page.getEntryFirstRep().getSearch().addExtension("https://example.com/x", new StringType("y")));
    assertGivesUp(page -> page.getEntryFirstRep().getSearch().getExtensionFirstRep().getValue().setId("d1"));
    assertGivesUp(page -> page.getLinkFirstRep().addExtension("https://example.com/x", new StringType("y")));
    assertGivesUp(page -> page.getEntryFirstRep().setId("e1"));
  }

  private static void assertGivesUp(Consumer<Bundle> change) {
    Bundle page = page();
    change.accept(page);
    assertThat(write(page, JSON::encodeResourceToString)).isNull();
  }

  /** The page written with each resource's JSON given as text, decoded from the UTF-8 written; null if given up. */
  private static String write(Bundle page, Function<Resource, String> resourceJson) {
    byte[] json = BundleJson.write(
            page, (out, resource) -> out.write(resourceJson.apply(resource).getBytes(StandardCharsets.UTF_8)));
    return json == null ? null : new String(json, StandardCharsets.UTF_8);
  }

  /** A page as HAPI's bundle factory and DistanceInterceptor build it. */
  private static Bundle page() {
    Bundle page = new Bundle();
    page.setId("0f9a2b7e-4c1d-4e8f-9a3b-2c5d6e7f8a9b");
    page.getMeta().setLastUpdatedElement(new InstantType("2026-11-25T17:03:27.531+00:00"));
    page.setType(BundleType.SEARCHSET);
    page.setTotal(42);
    page.addLink().setRelation("self").setUrl("http://127.0.0.1:8080/fhir/HealthcareService?name=caf%C3%A9&_count=2");
    page.addLink().setRelation("next").setUrl("http://127.0.0.1:8080/fhir?_getpages=abc&_getpagesoffset=2&_count=2");
    HealthcareService service = new HealthcareService();
    service.setId("hs-1");
    service.getMeta().setVersionId("3").setLastUpdatedElement(new InstantType("2026-11-24T09:00:00Z"));
    service.setName("Café \"Walking\" Football 🏃");
    page.addEntry(entry(service, SearchEntryMode.MATCH, "0.5"));
    page.addEntry(entry(service.copy().setName("Chair-based exercise"), SearchEntryMode.MATCH, "12.125"));
    page.getEntry().get(1).getSearch().setScore(new BigDecimal("0.75"));
    Location location = new Location();
    location.setId("loc-1");
    location.setName("Hall");
    page.addEntry(entry(location, SearchEntryMode.INCLUDE, null));
    return page;
  }

  private static Bundle.BundleEntryComponent entry(Resource resource, SearchEntryMode mode, String km) {
    Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
    entry.setFullUrl("http://127.0.0.1:8080/fhir/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    entry.setResource(resource);
    if (km != null) {
      Distance distance = new Distance();
      distance.setValue(Double.parseDouble(km));
      distance.setUnit("km").setSystem("http://unitsofmeasure.org").setCode("km");
      entry.getSearch().addExtension(DistanceInterceptor.LOCATION_DISTANCE, distance);
    }
    entry.getSearch().setMode(mode);
    return entry;
  }
}
