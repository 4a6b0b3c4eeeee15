package dev.activityfhir.server;

import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.harvest.FeedStatus;
import dev.activityfhir.server.web.HealthReport;
import java.util.List;
import java.util.Map;

/** Builds what {@code GET /health} answers from the start-up state, the feeds' states and the index. */
final class HealthAssembler {

  private static final List<String> PUBLISHED_TYPES =
      List.of("HealthcareService", "Location", "Organization", "Schedule", "Slot");

  private final DirectoryStartup startup;
  private final ResourceIndex index;

  HealthAssembler(DirectoryStartup startup, ResourceIndex index) {
    this.startup = startup;
    this.index = index;
  }

  /** The report now: {@code starting} until the index is loaded, {@code degraded} while a feed fails, else ok. */
  HealthReport report() {
    List<FeedStatus> statuses = startup.feedStatuses();
    Map<String, Long> skipped = startup.skippedItems();
    List<HealthReport.Feed> feedReports =
        statuses.stream()
            .map(
                s ->
                    new HealthReport.Feed(
                        s.url(),
                        s.state().label(),
                        s.itemsHeld(),
                        skipped.getOrDefault(s.url(), 0L) + s.malformedItems(),
                        s.lastSuccess(),
                        s.lastError()))
            .toList();
    boolean ready = startup.fhirReady();
    String status;
    if (!ready) {
      status = "starting";
    } else if (statuses.stream().anyMatch(s -> s.state() == FeedStatus.State.FAILING)) {
      status = "degraded";
    } else {
      status = "ok";
    }
    return new HealthReport(status, ready, startup.loadedFrom(), publishedCount(index), feedReports);
  }

  /** How many resources the directory publishes. */
  static long publishedCount(ResourceIndex index) {
    return PUBLISHED_TYPES.stream().mapToLong(index::size).sum();
  }
}
