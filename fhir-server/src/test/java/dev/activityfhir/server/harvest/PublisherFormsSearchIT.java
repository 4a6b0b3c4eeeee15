package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.HealthProbe;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.harvest.RpdeFeedServer.Ordering;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link worker's filters on services published in the variant forms real publishers use: free by the flag
 * alone or by a string price in a singular offer, gender as "mixed", a legacy URI or an array, weekdays without
 * times and sessions from a feed of their own on other days, online and mixed sessions; junk held back and explained in /health; every result valid R4.
 */
class PublisherFormsSearchIT {

  private static final String BASE = "https://publisher.example/";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private static ObjectNode series(String key, String name, String changes) throws Exception {
    ObjectNode data = OpenActiveFixtures.series(BASE + "series/" + key, name);
    data.remove("offers");
    JSON.readTree(changes).fields().forEachRemaining(f -> {
      if (f.getValue().isNull()) {
        data.remove(f.getKey());
      } else {
        data.set(f.getKey(), f.getValue());
      }
    });
    return data;
  }

  @Test
  void filtersFindWhatTheVariantFormsDescribe() throws Exception {
    try (RpdeFeedServer publisher = new RpdeFeedServer()) {
      String feed = publisher.addFeed("series", Ordering.MODIFIED_ID, 3);
      publisher.upsert(
          "series",
          "free",
          series(
              "free",
              "Walking for health",
              "{\"isAccessibleForFree\":true,\"genderRestriction\":\"mixed\","
                  + "\"eventSchedule\":[{\"@type\":\"PartialSchedule\",\"byDay\":[\"https://schema.org/Monday\"]}]}"));
      publisher.upsert(
          "series",
          "online",
          series(
              "online",
              "Chair yoga online",
              "{\"offer\":{\"@type\":\"Offer\",\"price\":\"0.00\"},\"genderRestriction\":[\"female\"],"
                  + "\"eventAttendanceMode\":\"https://schema.org/OnlineEventAttendanceMode\",\"location\":null,"
                  + "\"beta:virtualLocation\":{\"@type\":\"VirtualLocation\",\"url\":\"https://meet.example/chair\"},"
                  + "\"eventSchedule\":[{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1W\",\"byDay\":[\"TU\"],"
                  + "\"startTime\":\"10:00\",\"endTime\":\"11:00\"}]}"));
      publisher.upsert(
          "series",
          "paid",
          series(
              "paid",
              "Circuits",
              "{\"offers\":{\"@type\":\"Offer\",\"price\":\"5.00\",\"priceCurrency\":\"GBP\"},"
                  + "\"genderRestriction\":\"http://openactive.io/ns#None\","
                  + "\"eventAttendanceMode\":\"MixedEventAttendanceMode\",\"virtualLocation\":\"https://meet.example/c\","
                  + "\"eventSchedule\":[{\"@type\":\"Schedule\",\"repeatFrequency\":\"P1W\",\"byDay\":[\"schema:Wednesday\"],"
                  + "\"startTime\":\"18:30\",\"endTime\":\"19:30\"}]}"));
      // The days-only series' sessions come in a feed of their own, one on a Thursday: day-of-week finds it then.
      String sessions = publisher.addFeed("sessions", Ordering.MODIFIED_ID, 3);
      publisher.upsert(
          "sessions",
          "thursday",
          OpenActiveFixtures.session(
              BASE + "sessions/thursday", BASE + "series/free", "2030-05-02T10:00:00+01:00", "2030-05-02T11:00:00+01:00"));
      publisher.upsert("series", "junk", (ObjectNode) JSON.readTree("{\"@type\":\"SessionSeries\"}"));
      publisher.upsert("series", "empty", JSON.createObjectNode());

      AppConfig config =
          AppConfig.fromEnvironment(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dataDir.toString(), "OPENACTIVE_FEEDS", feed + "," + sessions, "HARVEST_INTERVAL", "8s"));
      try (Application app = Application.newServer(config)) {
        app.start();
        JsonNode health =
            HealthProbe.await(
                app,
                // Caught up, and the directory has gone through the items (it counts skips after the harvest).
                h -> "caught-up".equals(h.at("/feeds/0/state").asText())
                    && "caught-up".equals(h.at("/feeds/1/state").asText())
                    && h.at("/feeds/0/itemsSkipped").asLong() == 2);
        assertThat(health.at("/feeds/0/itemsSkipped").asLong()).isEqualTo(2);
        assertThat(health.at("/feeds/0/skippedReasons/no @type").asLong()).isEqualTo(1);
        assertThat(health.at("/feeds/0/skippedReasons/no name or activity to name it by").asLong()).isEqualTo(1);
        IGenericClient fhir = client(app);

        assertThat(names(fhir, "price=0")).containsExactlyInAnyOrder("Walking for health", "Chair yoga online");
        assertThat(names(fhir, "price=5")).containsExactly("Circuits");
        assertThat(names(fhir, "gender=male")).containsExactlyInAnyOrder("Walking for health", "Circuits");
        assertThat(names(fhir, "gender=female"))
            .containsExactlyInAnyOrder("Walking for health", "Chair yoga online", "Circuits");
        assertThat(names(fhir, "day-of-week=mon")).containsExactly("Walking for health");
        assertThat(names(fhir, "day-of-week=thu")).containsExactly("Walking for health");
        assertThat(names(fhir, "day-of-week=thu&time-of-day=ge09:30")).containsExactly("Walking for health");
        assertThat(names(fhir, "day-of-week=sat")).isEmpty();
        assertThat(names(fhir, "day-of-week=tue&time-of-day=ge09:30")).containsExactly("Chair yoga online");
        assertThat(names(fhir, "attendance=online")).containsExactlyInAnyOrder("Chair yoga online", "Circuits");
        assertThat(names(fhir, "attendance=in-person")).containsExactlyInAnyOrder("Walking for health", "Circuits");

        // Sessions generated from the weekly schedules (the Monday days-only schedule has none), and the
        // Thursday session.
        assertThat(fhir.search().byUrl("Slot?_summary=count").returnBundle(Bundle.class).execute().getTotal())
            .isBetween(15, 19);

        // The package with UK Core, as the resources name their profiles in meta.profile.
        FhirValidation validation = FhirValidation.published();
        for (String type : List.of("HealthcareService", "Location", "Organization", "Schedule", "Slot")) {
          Bundle all = fhir.search().byUrl(type + "?_count=50").returnBundle(Bundle.class).execute();
          assertThat(all.getEntry()).as(type).isNotEmpty();
          for (Bundle.BundleEntryComponent entry : all.getEntry()) {
            assertThat(validation.errors(entry.getResource())).as(type).isEmpty();
          }
        }
      }
    }
  }

  private static List<String> names(IGenericClient fhir, String query) {
    Bundle page = fhir.search().byUrl("HealthcareService?" + query).returnBundle(Bundle.class).execute();
    return page.getEntry().stream().map(e -> ((HealthcareService) e.getResource()).getName()).toList();
  }

  private static IGenericClient client(Application app) {
    FhirContext context = FhirContext.forR4Cached();
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return context.newRestfulGenericClient(app.baseUrl() + "/fhir");
  }
}
