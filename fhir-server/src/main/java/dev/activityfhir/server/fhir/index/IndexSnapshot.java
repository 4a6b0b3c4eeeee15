package dev.activityfhir.server.fhir.index;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link ResourceIndex} holds at one moment, taken by {@link ResourceIndex#snapshot()}, written and
 * read by {@link IndexSnapshotFile} and put back by {@link ResourceIndex#restore}. The entries are shared with the
 * index (they are immutable), so a snapshot is cheap to take.
 *
 * <p>Each list is in the order the entries were indexed: restoring them in that order rebuilds the secondary
 * maps (slots of a schedule, services at a location) in the same order as the original.
 *
 * @param services the live HealthcareServices
 * @param locations the live Locations
 * @param schedules the live Schedules
 * @param organizations the live Organizations
 * @param slots the live Slots
 * @param withdrawn the last version of each remembered withdrawn resource by {@code Type/id}, longest-withdrawn
 *     first
 * @param storeVersion the harvest store's version the index showed (see {@link ResourceIndex#storeVersion()})
 */
public record IndexSnapshot(
    List<Indexed<ServiceKeys>> services,
    List<Indexed<LocationKeys>> locations,
    List<Indexed<ScheduleKeys>> schedules,
    List<Indexed<OrganizationKeys>> organizations,
    List<Indexed<SlotKeys>> slots,
    Map<String, Integer> withdrawn,
    long storeVersion) {

  public IndexSnapshot {
    services = List.copyOf(services);
    locations = List.copyOf(locations);
    schedules = List.copyOf(schedules);
    organizations = List.copyOf(organizations);
    slots = List.copyOf(slots);
    // Map.copyOf would lose the withdrawal order, which decides what a bounded index forgets first.
    withdrawn = Collections.unmodifiableMap(new LinkedHashMap<>(withdrawn));
  }

  /** The number of live resources of all types. */
  public int liveCount() {
    return services.size() + locations.size() + schedules.size() + organizations.size() + slots.size();
  }
}
