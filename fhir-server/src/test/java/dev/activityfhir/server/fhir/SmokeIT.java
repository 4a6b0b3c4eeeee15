package dev.activityfhir.server.fhir;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeIT {

  @RegisterExtension
  static final FhirServerExtension SERVER = new FhirServerExtension(sink -> sink.apply(DirectoryFixtures.all()));

  @Test
  void smoke() {
    for (String q : new String[] {
        "metadata",
        "HealthcareService?location.near=51.47|-0.07|10|km&_count=2",
        "HealthcareService?service-type:below=" + DirectoryFixtures.FOOTBALL + "&_include=HealthcareService:location",
        "HealthcareService?service-type:text=yoga",
        "HealthcareService?foo=bar",
        "HealthcareService?name:exact=bar",
        "Location?near=51.47|-0.07|10|km",
        "Slot?schedule=sch-walking-football&_count=3&start=ge2026-01-10",
        "Slot?schedule.actor=HealthcareService/hs-hatha-yoga&_sort=-start",
        "Slot?start=bad",
        "HealthcareService?age=abc",
        "HealthcareService/hs-swim", "HealthcareService?postcode=SE15&_elements=name", "Slot?start=2026-02", "HealthcareService?_summary=count&active=true",
    }) {
      var r = given().spec(SERVER.spec()).urlEncodingEnabled(true).get(q).then().extract();
      String body = r.asString();
      System.out.println("=== " + r.statusCode() + " " + q + "\n" + body.substring(0, Math.min(body.length(), 6000)));
    }
  }
}
