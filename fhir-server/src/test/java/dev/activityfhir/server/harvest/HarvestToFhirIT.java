package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.HealthProbe;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.fhir.DistanceInterceptor;
import dev.activityfhir.server.harvest.RpdeFeedServer.Ordering;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.server.harvest.RpdeFeedServer.Fault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an RPDE publisher to a FHIR client through the real server: split SessionSeries and ScheduledSession feeds
 * over HTTP, a child that arrives before its parent, a parent deleted upstream disappearing (410) downstream, a
 * link worker's search and an upstream update on harvested data, and a failing feed reported while its data is
 * still served.
 */
class HarvestToFhirIT {

  private static final String BASE = "https://publisher.example/";
  private static final String ACCESSIBILITY = "https://openactive.io/accessibility-support";
  private static final String PHYSICAL_IMPAIRMENT = "dd026873-6713-4ea1-af5a-08901f651d98";
  /** The activity-list concept Yoga is narrower than. */
  private static final String MIND_AND_BODY = "984068a7-5b7b-4989-bb33-f96953d8960c";

  @TempDir Path dataDir;

  @Test
  void publishesJoinedFeedsHoldsOrphansAndWithdrawsDeletedParents() throws Exception {
    try (RpdeFeedServer publisher = new RpdeFeedServer()) {
      String seriesFeed = publisher.addFeed("series", Ordering.MODIFIED_ID, 2);
      String sessionFeed = publisher.addFeed("sessions", Ordering.CHANGE_NUMBER, 2);
      publisher.upsert("series", "a", OpenActiveFixtures.series(BASE + "series/a", "Yoga A"));
      publisher.upsert("series", "b", OpenActiveFixtures.series(BASE + "series/b", "Yoga B"));
      publisher.upsert("series", "c", OpenActiveFixtures.series(BASE + "series/c", "Yoga C"));
      publisher.upsert("sessions", "a1", OpenActiveFixtures.session(BASE + "s/a1", BASE + "series/a", 2030, 1, 7));
      publisher.upsert("sessions", "a2", OpenActiveFixtures.session(BASE + "s/a2", BASE + "series/a", 2030, 1, 14));
      publisher.upsert("sessions", "b1", OpenActiveFixtures.session(BASE + "s/b1", BASE + "series/b", 2030, 1, 8));
      publisher.upsert("sessions", "x1", OpenActiveFixtures.session(BASE + "s/x1", BASE + "series/x", 2030, 1, 9));

      AppConfig config =
          AppConfig.fromEnvironment(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dataDir.toString(), "OPENACTIVE_FEEDS", seriesFeed + "," + sessionFeed, "HARVEST_INTERVAL", "8s"));
      try (Application app = Application.newServer(config)) {
        app.start();
        Eventually.await("both feeds caught up", () -> caughtUp(app, 2), app::feedStatuses);
        IGenericClient fhir = client(app);

        assertThat(total(fhir, "HealthcareService")).isEqualTo(3);
        // x1's parent has not arrived: it is held back, not published.
        assertThat(total(fhir, "Slot")).isEqualTo(3);
        String serviceA = ResourceIds.healthcareService(BASE + "series/a");
        assertThat(total(fhir, "Slot?schedule=" + ResourceIds.schedule(BASE + "series/a"))).isEqualTo(2);
        assertThat(fhir.read().resource(HealthcareService.class).withId(serviceA).execute().getName())
            .isEqualTo("Yoga A");

        publisher.delete("series", "a");
        publisher.upsert("series", "x", OpenActiveFixtures.series(BASE + "series/x", "Yoga X"));
        Eventually.await("series a withdrawn", () -> gone(fhir, HealthcareService.class, serviceA));

        assertThat(gone(fhir, Schedule.class, ResourceIds.schedule(BASE + "series/a"))).isTrue();
        Eventually.await("x1 published with its parent", () -> total(fhir, "Slot") == 2);
        assertThat(total(fhir, "Slot?schedule=" + ResourceIds.schedule(BASE + "series/x"))).isEqualTo(1);
        assertThat(total(fhir, "HealthcareService")).isEqualTo(3);
      }
    }
  }

  @Test
  void harvestedDataAnswersLinkWorkerSearchesAndShowsUpstreamUpdates() throws Exception {
    try (RpdeFeedServer publisher = new RpdeFeedServer()) {
      String seriesFeed = publisher.addFeed("series", Ordering.MODIFIED_ID, 2);
      ObjectNode nearby = OpenActiveFixtures.series(BASE + "series/a", "Gentle Yoga");
      ObjectNode support = nearby.putArray("accessibilitySupport").addObject();
      support.put("@type", "Concept");
      support.put("@id", ACCESSIBILITY + "#" + PHYSICAL_IMPAIRMENT);
      support.put("prefLabel", "Physical impairment");
      support.put("inScheme", ACCESSIBILITY);
      nearby.putArray("level").add("Beginner");
      publisher.upsert("series", "a", nearby);
      ObjectNode faraway = OpenActiveFixtures.series(BASE + "series/m", "Manchester Yoga");
      OpenActiveFixtures.place(faraway, BASE + "places/m", "Northern Hall", 53.48, -2.24, "M1 1AE");
      publisher.upsert("series", "m", faraway);

      try (Application app = Application.newServer(config(List.of(seriesFeed)))) {
        app.start();
        Eventually.await("feed caught up", () -> caughtUp(app, 1), app::feedStatuses);
        IGenericClient fhir = client(app);
        String serviceA = ResourceIds.healthcareService(BASE + "series/a");

        // Yoga sits under "Mind and Body" in the activity list; the series takes people from 16.
        String question =
            "HealthcareService?location.near=51.501|-0.121|5|km&service-type:below="
                + "https://openactive.io/activity-list|" + MIND_AND_BODY + "&_include=HealthcareService:location";
        Bundle page = fhir.search().byUrl(question + "&age=30").returnBundle(Bundle.class).execute();
        assertThat(page.getTotal()).isEqualTo(1);
        Bundle.BundleEntryComponent match = page.getEntryFirstRep();
        assertThat(match.getResource().getIdElement().getIdPart()).isEqualTo(serviceA);
        double km =
            ((org.hl7.fhir.r4.model.Distance)
                    match.getSearch().getExtensionByUrl(DistanceInterceptor.LOCATION_DISTANCE).getValue())
                .getValue().doubleValue();
        assertThat(km).isBetween(0.1, 0.2);
        assertThat(page.getEntry())
            .filteredOn(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
            .extracting(e -> ((Location) e.getResource()).getName())
            .containsExactly("Demo Leisure Centre");
        assertThat(total(fhir, question + "&age=12")).isZero();
        assertThat(total(fhir, "HealthcareService?characteristic=" + ACCESSIBILITY + "|" + PHYSICAL_IMPAIRMENT))
            .isEqualTo(1);
        assertThat(total(fhir, "HealthcareService?characteristic=https://activityfhir.dev/fhir/CodeSystem/level|beginner"))
            .isEqualTo(1);
        assertThat(total(fhir, "HealthcareService?service-type:below=https://openactive.io/activity-list|" + MIND_AND_BODY))
            .isEqualTo(2);

        publisher.upsert("series", "a", nearby.put("name", "Gentle Yoga (now on Thursdays)"));
        Eventually.await(
            "the update served",
            () -> "Gentle Yoga (now on Thursdays)".equals(read(fhir, serviceA).getName()));
        assertThat(read(fhir, serviceA).getMeta().getVersionId()).isEqualTo("2");
      }
    }
  }

  @Test
  void aFailingFeedShowsInHealthWhileItsDataIsStillServed() throws Exception {
    try (RpdeFeedServer publisher = new RpdeFeedServer()) {
      String seriesFeed = publisher.addFeed("series", Ordering.MODIFIED_ID, 2);
      publisher.upsert("series", "a", OpenActiveFixtures.series(BASE + "series/a", "Yoga A"));
      publisher.upsert("series", "b", OpenActiveFixtures.series(BASE + "series/b", "Yoga B"));

      // Polled every 8 s once caught up (the shortest interval allowed): each fault is seen at the next poll.
      try (Application app = Application.newServer(config(List.of(seriesFeed)))) {
        app.start();
        Eventually.await("feed caught up", () -> caughtUp(app, 1), app::feedStatuses);
        IGenericClient fhir = client(app);

        for (Fault fault : List.of(Fault.HTTP_500, Fault.MALFORMED_JSON, Fault.SELF_LOOP_WITH_ITEMS)) {
          publisher.fault("series", fault);
          if (fault == Fault.SELF_LOOP_WITH_ITEMS) {
            publisher.upsert("series", "c", OpenActiveFixtures.series(BASE + "series/c", "Yoga C"));
          }
          JsonNode health = HealthProbe.await(app, h -> "failing".equals(h.at("/feeds/0/state").asText()));
          assertThat(health.get("status").asText()).as(fault.name()).isEqualTo("degraded");
          assertThat(health.at("/feeds/0/lastError").asText()).as(fault.name()).isNotBlank();
          assertThat(health.at("/feeds/0/lastSuccess").asText()).as(fault.name()).isNotBlank();
          assertThat(total(fhir, "HealthcareService?name=yoga")).as(fault.name()).isGreaterThanOrEqualTo(2);
          assertThat(read(fhir, ResourceIds.healthcareService(BASE + "series/a")).getName()).isEqualTo("Yoga A");

          publisher.fault("series", Fault.NONE);
          HealthProbe.await(app, h -> "caught-up".equals(h.at("/feeds/0/state").asText()));
        }
      }
    }
  }

  private AppConfig config(List<String> feeds) {
    return AppConfig.fromEnvironment(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dataDir.toString(), "OPENACTIVE_FEEDS", String.join(",", feeds), "HARVEST_INTERVAL", "8s"));
  }

  private static HealthcareService read(IGenericClient fhir, String id) {
    return fhir.read().resource(HealthcareService.class).withId(id).execute();
  }

  private static boolean caughtUp(Application app, int feeds) {
    List<FeedStatus> statuses = app.feedStatuses();
    return statuses.size() == feeds
        && statuses.stream().allMatch(s -> s.state() == FeedStatus.State.CAUGHT_UP);
  }

  private static boolean gone(
      IGenericClient fhir, Class<? extends org.hl7.fhir.r4.model.Resource> type, String id) {
    try {
      fhir.read().resource(type).withId(id).execute();
      return false;
    } catch (ResourceGoneException expected) {
      return true;
    }
  }

  private static IGenericClient client(Application app) {
    FhirContext context = FhirContext.forR4Cached();
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return context.newRestfulGenericClient(app.baseUrl() + "/fhir");
  }

  private static long total(IGenericClient fhir, String query) {
    String separator = query.contains("?") ? "&" : "?";
    return fhir.search().byUrl(query + separator + "_summary=count").returnBundle(Bundle.class).execute().getTotal();
  }
}
