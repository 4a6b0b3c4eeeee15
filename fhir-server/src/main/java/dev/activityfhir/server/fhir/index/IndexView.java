package dev.activityfhir.server.fhir.index;

import dev.activityfhir.server.collect.CompactSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The indexed resources by type. Handed to queries by {@link ResourceIndex#query}, which holds the read lock while
 * the query runs, so a query sees one consistent state; never keep a reference to it beyond the query.
 */
public final class IndexView {

  // Sorted maps give every search a stable default order (by id) without sorting.
  final TreeMap<String, Indexed<ServiceKeys>> services = new TreeMap<>();
  final TreeMap<String, Indexed<LocationKeys>> locations = new TreeMap<>();
  final TreeMap<String, Indexed<ScheduleKeys>> schedules = new TreeMap<>();
  final TreeMap<String, Indexed<OrganizationKeys>> organizations = new TreeMap<>();
  HashMap<String, Indexed<SlotKeys>> slots = new HashMap<>();
  HashMap<String, Set<String>> slotIdsBySchedule = new HashMap<>();
  /** By Location id: the services there, by service id (entries, so a proximity search needs no lookups). */
  final HashMap<String, Map<String, Indexed<ServiceKeys>>> servicesByLocation = new HashMap<>();

  /** Made from {@link #locations} when first asked for after they changed; null until then. */
  private volatile @Nullable LocationPoints locationPoints;
  /** Made from {@link #services} when first asked for after they changed; null until then. */
  private volatile @Nullable Map<String, List<Indexed<ServiceKeys>>> servicesByTypeToken;
  /** Made from {@link #schedules} when first asked for after they changed; null until then. */
  private volatile @Nullable Map<String, List<String>> scheduleIdsByActor;

  IndexView() {}

  /** All HealthcareServices, by id. */
  public Collection<Indexed<ServiceKeys>> services() {
    return Collections.unmodifiableCollection(services.values());
  }

  /** The HealthcareService with that id, if live. */
  public @Nullable Indexed<ServiceKeys> service(String id) {
    return services.get(id);
  }

  /** All Locations, by id. */
  public Collection<Indexed<LocationKeys>> locations() {
    return Collections.unmodifiableCollection(locations.values());
  }

  /**
   * The positioned Locations sorted by latitude. Queries run under the read lock, so two may make it at once: the
   * same arrays, and cheap (hundreds of Locations, a few thousand at most).
   */
  public LocationPoints locationPoints() {
    LocationPoints points = locationPoints;
    if (points == null) {
      points = new LocationPoints(locations.values());
      locationPoints = points;
    }
    return points;
  }

  /**
   * The HealthcareServices with a {@code type} coding {@code system|code}, in id order (empty if none): lets a
   * search by activity visit the services of that activity rather than every service near a point. Made once per
   * change of the services (tens of thousands of entries: milliseconds), by one query while others wait.
   */
  public List<Indexed<ServiceKeys>> servicesWithTypeToken(String token) {
    Map<String, List<Indexed<ServiceKeys>>> postings = servicesByTypeToken;
    if (postings == null) {
      postings = makeTypePostings();
    }
    return postings.getOrDefault(token, List.of());
  }

  private synchronized Map<String, List<Indexed<ServiceKeys>>> makeTypePostings() {
    Map<String, List<Indexed<ServiceKeys>>> postings = servicesByTypeToken;
    if (postings == null) {
      postings = new HashMap<>();
      for (Indexed<ServiceKeys> service : services.values()) {
        for (String token : service.keys().typeTokens()) {
          List<Indexed<ServiceKeys>> list = postings.computeIfAbsent(token, k -> new ArrayList<>());
          if (list.isEmpty() || list.get(list.size() - 1) != service) { // a token coded twice
            list.add(service);
          }
        }
      }
      servicesByTypeToken = postings;
    }
    return postings;
  }

  /** The Location with that id, if live. */
  public @Nullable Indexed<LocationKeys> location(String id) {
    return locations.get(id);
  }

  /** All Schedules, by id. */
  public Collection<Indexed<ScheduleKeys>> schedules() {
    return Collections.unmodifiableCollection(schedules.values());
  }

  /** The Schedule with that id, if live. */
  public @Nullable Indexed<ScheduleKeys> schedule(String id) {
    return schedules.get(id);
  }

  /**
   * Ids of the Schedules whose {@code actor} is {@code reference} ({@code Type/id}), in id order (empty if none):
   * answers {@code _revinclude=Schedule:actor} without visiting every Schedule. Made once per change of the
   * Schedules, by one query while others wait.
   */
  public List<String> scheduleIdsWithActor(String reference) {
    Map<String, List<String>> byActor = scheduleIdsByActor;
    if (byActor == null) {
      byActor = makeActorPostings();
    }
    return byActor.getOrDefault(reference, List.of());
  }

  private synchronized Map<String, List<String>> makeActorPostings() {
    Map<String, List<String>> byActor = scheduleIdsByActor;
    if (byActor == null) {
      byActor = new HashMap<>();
      for (Indexed<ScheduleKeys> schedule : schedules.values()) {
        for (String actor : schedule.keys().actors()) {
          List<String> ids = byActor.computeIfAbsent(actor, k -> new ArrayList<>(2));
          if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(schedule.id())) { // an actor named twice
            ids.add(schedule.id());
          }
        }
      }
      scheduleIdsByActor = byActor;
    }
    return byActor;
  }

  /** All Organizations, by id. */
  public Collection<Indexed<OrganizationKeys>> organizations() {
    return Collections.unmodifiableCollection(organizations.values());
  }

  /** The Organization with that id, if live. */
  public @Nullable Indexed<OrganizationKeys> organization(String id) {
    return organizations.get(id);
  }

  /** All Slots, in no particular order. */
  public Collection<Indexed<SlotKeys>> slots() {
    return Collections.unmodifiableCollection(slots.values());
  }

  /** The Slot with that id, if live. */
  public @Nullable Indexed<SlotKeys> slot(String id) {
    return slots.get(id);
  }

  /** Ids of the live Slots of a Schedule. */
  public Set<String> slotIdsOfSchedule(String scheduleId) {
    Set<String> ids = slotIdsBySchedule.get(scheduleId);
    return ids == null ? Set.of() : Collections.unmodifiableSet(ids);
  }

  /** The live HealthcareServices at a Location, in the order they were first indexed there. */
  public Collection<Indexed<ServiceKeys>> servicesAtLocation(String locationId) {
    Map<String, Indexed<ServiceKeys>> services = servicesByLocation.get(locationId);
    return services == null ? List.of() : Collections.unmodifiableCollection(services.values());
  }

  /** The live resource {@code Type/id}, or null. */
  public @Nullable Indexed<?> get(String type, String id) {
    return map(type).get(id);
  }

  Map<String, ? extends Indexed<?>> map(String type) {
    return switch (type) {
      case "HealthcareService" -> services;
      case "Location" -> locations;
      case "Schedule" -> schedules;
      case "Slot" -> slots;
      case "Organization" -> organizations;
      default -> Map.of();
    };
  }

  /**
   * Sizes the (empty) slot maps for a restore, so that they are not rehashed again and again as hundreds of
   * thousands of slots go in.
   */
  void presizeSlots(int slotCount, int scheduleCount) {
    if (slots.isEmpty() && slotIdsBySchedule.isEmpty()) {
      slots = new HashMap<>(capacityFor(slotCount));
      slotIdsBySchedule = new HashMap<>(capacityFor(scheduleCount));
    }
  }

  private static int capacityFor(int entries) {
    return (int) Math.min(1 << 30, (long) Math.ceil(entries / 0.75));
  }

  /** Adds or replaces a Location, dropping {@link #locationPoints}. */
  void putLocation(Indexed<LocationKeys> entry) {
    locations.put(entry.id(), entry);
    locationPoints = null;
  }

  /** Removes a Location, dropping {@link #locationPoints}. */
  void removeLocation(String id) {
    if (locations.remove(id) != null) {
      locationPoints = null;
    }
  }

  /** Adds or replaces a Schedule, dropping {@link #scheduleIdsWithActor}'s map. */
  void putSchedule(Indexed<ScheduleKeys> entry) {
    schedules.put(entry.id(), entry);
    scheduleIdsByActor = null;
  }

  /** Removes a Schedule, dropping {@link #scheduleIdsWithActor}'s map. */
  void removeSchedule(String id) {
    if (schedules.remove(id) != null) {
      scheduleIdsByActor = null;
    }
  }

  /** Adds or replaces a HealthcareService, keeping {@link #servicesAtLocation} in step. */
  void putService(Indexed<ServiceKeys> entry) {
    servicesByTypeToken = null;
    Indexed<ServiceKeys> replaced = services.put(entry.id(), entry);
    if (replaced != null) {
      unlinkService(replaced);
    }
    for (String locationId : entry.keys().locationIds()) {
      servicesByLocation.computeIfAbsent(locationId, k -> new LinkedHashMap<>()).put(entry.id(), entry);
    }
  }

  /** Adds or replaces a Slot, keeping {@link #slotIdsOfSchedule} in step. */
  void putSlot(Indexed<SlotKeys> entry) {
    Indexed<SlotKeys> replaced = slots.put(entry.id(), entry);
    if (replaced != null) {
      removeSlotFromSchedule(replaced.keys().scheduleId(), entry.id());
    }
    addSlotToSchedule(entry.keys().scheduleId(), entry.id());
  }

  /** Takes a HealthcareService off the Locations it was at. */
  void unlinkService(Indexed<ServiceKeys> entry) {
    servicesByTypeToken = null;
    for (String locationId : entry.keys().locationIds()) {
      Map<String, Indexed<ServiceKeys>> services = servicesByLocation.get(locationId);
      if (services != null) {
        services.remove(entry.id());
        if (services.isEmpty()) {
          servicesByLocation.remove(locationId);
        }
      }
    }
  }

  void addSlotToSchedule(@Nullable String scheduleId, String slotId) {
    if (scheduleId != null) {
      slotIdsBySchedule.computeIfAbsent(scheduleId, k -> new CompactSet<>()).add(slotId);
    }
  }

  void removeSlotFromSchedule(@Nullable String scheduleId, String slotId) {
    if (scheduleId == null) {
      return;
    }
    Set<String> ids = slotIdsBySchedule.get(scheduleId);
    if (ids != null) {
      ids.remove(slotId);
      if (ids.isEmpty()) {
        slotIdsBySchedule.remove(scheduleId);
      }
    }
  }
}
