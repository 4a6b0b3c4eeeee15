package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.Application;
import dev.activityfhir.server.config.AppConfig;
import dev.activityfhir.server.harvest.RpdeFeedServer.Ordering;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an RPDE publisher to a FHIR client through the real server: split SessionSeries and ScheduledSession feeds
 * over HTTP, a child that arrives before its parent, and a parent deleted upstream disappearing (410) downstream.
 */
class HarvestToFhirIT {

  private static final String BASE = "https://publisher.example/";

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
          new AppConfig(0, "127.0.0.1", null, null, null, dataDir,
              List.of(URI.create(seriesFeed), URI.create(sessionFeed)), Duration.ofSeconds(8), List.of("*"));
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
