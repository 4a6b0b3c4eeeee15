package dev.activityfhir.server;

import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.harvest.FeedStatus;
import dev.activityfhir.server.web.HealthReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
    List<HealthReport.RefusedFeed> refusedFeeds =
        startup.discoveryRefusals().entrySet().stream()
            .flatMap(
                site ->
                    site.getValue().stream()
                        .map(r -> new HealthReport.RefusedFeed(site.getKey(), r.host(), r.rule(), r.at())))
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
    return new HealthReport(
        status, ready, startup.loadedFrom(), publishedCount(index), feedReports, refusedFeeds);
  }

  private static HealthReport.@Nullable Refused refused(FeedStatus.@Nullable Refused refused) {
    return refused == null ? null : new HealthReport.Refused(refused.host(), refused.rule(), refused.at());
  }

  /** One feed's health: its harvest state and what the directory holds back of it, per reason. */
  private HealthReport.Feed feedReport(FeedStatus status) {
    Map<String, Long> reasons = new HashMap<>(startup.skippedItems(status.url()));
    if (status.malformedItems() > 0) {
      reasons.merge("malformed RPDE item", status.malformedItems(), Long::sum);
    }
    if (status.itemsTooLarge() > 0) {
      reasons.merge("item over the size limit", status.itemsTooLarge(), Long::sum);
    }
    return new HealthReport.Feed(
        status.url(),
        status.state().label(),
        status.itemsHeld(),
        reasons.values().stream().mapToLong(Long::longValue).sum(),
        status.lastSuccess(),
        status.lastError(),
        reasons,
        status.itemsTooLarge(),
        status.stringsCut(),
        refused(status.refused()));
  }

  /** How many resources the directory publishes. */
  static long publishedCount(ResourceIndex index) {
    return PUBLISHED_TYPES.stream().mapToLong(index::size).sum();
  }
}
