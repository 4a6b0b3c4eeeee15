package dev.activityfhir.server;

import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.harvest.FeedStatus;
import dev.activityfhir.server.web.HealthReport;
import java.util.HashMap;
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
    List<HealthReport.Feed> feedReports = statuses.stream().map(this::feedReport).toList();
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

  /** One feed's health: its harvest state and what the directory holds back of it, per reason. */
  private HealthReport.Feed feedReport(FeedStatus status) {
    Map<String, Long> reasons = new HashMap<>(startup.skippedItems(status.url()));
    if (status.malformedItems() > 0) {
      reasons.merge("malformed RPDE item", status.malformedItems(), Long::sum);
    }
    return new HealthReport.Feed(
        status.url(),
        status.state().label(),
        status.itemsHeld(),
        reasons.values().stream().mapToLong(Long::longValue).sum(),
        status.lastSuccess(),
        status.lastError(),
        reasons);
  }

  /** How many resources the directory publishes. */
  static long publishedCount(ResourceIndex index) {
    return PUBLISHED_TYPES.stream().mapToLong(index::size).sum();
  }
}
