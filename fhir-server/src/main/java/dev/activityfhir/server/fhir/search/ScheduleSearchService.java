package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ScheduleKeys;
import java.util.ArrayList;
import java.util.List;

/** Schedule search over the {@link ResourceIndex}. */
public final class ScheduleSearchService {

  private final ResourceIndex index;

  /** A search service reading the given index. */
  public ScheduleSearchService(ResourceIndex index) {
    this.index = index;
  }

  /** The matching Schedules, by id. */
  public List<Hit> search(ScheduleSearchParams params) {
    return index.query(
        view -> {
          List<TokenGroup> serviceTypes = TokenGroup.allOf(params.serviceTypes());
          List<Hit> hits = new ArrayList<>();
          for (Indexed<ScheduleKeys> schedule : view.schedules()) {
            ScheduleKeys keys = schedule.keys();
            if (!params.ids().isEmpty() && !params.ids().contains(schedule.id())) {
              continue;
            }
            if (!params.actors().isEmpty() && keys.actors().stream().noneMatch(params.actors()::contains)) {
              continue;
            }
            if (params.active() != null && params.active() != keys.active()) {
              continue;
            }
            if (!TokenGroup.allMatch(serviceTypes, keys.serviceTypeTokens())) {
              continue;
            }
            hits.add(Hit.of(schedule.id()));
          }
          return hits;
        });
  }
}
