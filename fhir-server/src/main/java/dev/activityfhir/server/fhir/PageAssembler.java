package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import dev.activityfhir.server.fhir.index.IndexView;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ScheduleKeys;
import dev.activityfhir.server.fhir.index.ServiceKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import dev.activityfhir.server.fhir.search.FreeSlotWindow;
import dev.activityfhir.server.fhir.search.Hit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Builds the resources of one search page, as {@link StandIns}: the matches (with their distance for {@link DistanceInterceptor}) and
 * the resources {@code _include} and {@code _revinclude} ask for, marked as includes. The plain HAPI server does
 * not resolve includes, so this does.
 */
final class PageAssembler {

  /** User-data key holding a match's distance in kilometres. */
  static final String DISTANCE_KEY = "activityfhir.distanceKm";

  private final ResourceIndex index;

  PageAssembler(ResourceIndex index) {
    this.index = index;
  }

  /** The page's matches, then its included resources (each once, and never a resource already matched). */
  Page assemble(String type, List<Hit> hits, Set<Include> includes, Set<Include> revIncludes) {
    return assemble(type, hits, includes, revIncludes, null);
  }

  /**
   * As above; the Slots reverse-included with HealthcareServices are only those {@code slotWindow} admits (all the
   * Slots of their Schedules when null).
   */
  Page assemble(
      String type,
      List<Hit> hits,
      Set<Include> includes,
      Set<Include> revIncludes,
      @Nullable FreeSlotWindow slotWindow) {
    Instant now = Instant.now();
    record Ref(String type, Indexed<?> entry) {}
    List<Ref> matches = new ArrayList<>(hits.size());
    Map<String, Ref> included = new LinkedHashMap<>();
    index.query(
        view -> {
          for (Hit hit : hits) {
            Indexed<?> entry = view.get(type, hit.id());
            if (entry != null) {
              matches.add(new Ref(type, entry));
            }
          }
          for (Ref match : matches) {
            for (String reference :
                includedReferences(view, match.type(), match.entry(), includes, revIncludes, slotWindow, now)) {
              int slash = reference.indexOf('/');
              String refType = reference.substring(0, slash);
              Indexed<?> entry = view.get(refType, reference.substring(slash + 1));
              if (entry != null && !(refType.equals(type) && containsId(hits, entry.id()))) {
                included.putIfAbsent(reference, new Ref(refType, entry));
              }
            }
          }
          return null;
        });
    List<IBaseResource> resources = new ArrayList<>(matches.size() + included.size());
    for (int i = 0; i < matches.size(); i++) {
      Resource resource = StandIns.of(type, matches.get(i).entry());
      ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.MATCH);
      Hit hit = hits.get(i);
      if (hit.hasDistance() && hit.id().equals(resource.getIdElement().getIdPart())) {
        resource.setUserData(DISTANCE_KEY, hit.distanceKm());
      }
      resources.add(resource);
    }
    for (Ref ref : included.values()) {
      Resource resource = StandIns.of(ref.type(), ref.entry());
      ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.INCLUDE);
      resources.add(resource);
    }
    return new Page(resources, included.size());
  }

  /** Resources of a page and how many of them are includes. */
  record Page(List<IBaseResource> resources, int includedCount) {}

  private static boolean containsId(List<Hit> hits, String id) {
    for (Hit hit : hits) {
      if (hit.id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static List<String> includedReferences(
      IndexView view,
      String type,
      Indexed<?> entry,
      Set<Include> includes,
      Set<Include> revIncludes,
      @Nullable FreeSlotWindow slotWindow,
      Instant now) {
    List<String> refs = new ArrayList<>();
    for (Include include : includes) {
      switch (include.getValue()) {
        case "HealthcareService:location" -> {
          if (entry.keys() instanceof ServiceKeys keys) {
            keys.locationIds().forEach(id -> refs.add("Location/" + id));
          }
        }
        case "HealthcareService:organization" -> {
          if (entry.keys() instanceof ServiceKeys keys && keys.organizationId() != null) {
            refs.add("Organization/" + keys.organizationId());
          }
        }
        case "Schedule:actor" -> {
          if (entry.keys() instanceof ScheduleKeys keys) {
            refs.addAll(keys.actors());
          }
        }
        case "Slot:schedule" -> {
          if (entry.keys() instanceof SlotKeys keys && keys.scheduleId() != null) {
            refs.add("Schedule/" + keys.scheduleId());
          }
        }
        default -> {
          // HAPI rejects includes outside each provider's allow-list before we get here.
        }
      }
    }
    String self = type + "/" + entry.id();
    for (Include revInclude : revIncludes) {
      switch (revInclude.getValue()) {
        case "Schedule:actor" -> {
          view.scheduleIdsWithActor(self).forEach(id -> refs.add("Schedule/" + id));
        }
        case "Slot:schedule" -> {
          if ("Schedule".equals(type)) {
            view.slotIdsOfSchedule(entry.id()).forEach(id -> refs.add("Slot/" + id));
          } else if ("HealthcareService".equals(type)) {
            // Through the service's Schedules (as _revinclude:iterate would), from the index's maps.
            for (String scheduleId : view.scheduleIdsWithActor(self)) {
              slotsOf(view, scheduleId, slotWindow, now).forEach(id -> refs.add("Slot/" + id));
            }
          }
        }
        case "HealthcareService:location" -> {
          if ("Location".equals(type)) {
            // In id order, as before the map: the same page lists its includes in the same order on every run.
            TreeSet<String> ids = new TreeSet<>();
            view.servicesAtLocation(entry.id()).forEach(service -> ids.add(service.id()));
            ids.forEach(id -> refs.add("HealthcareService/" + id));
          }
        }
        default -> {
          // As above: only allowed revincludes arrive.
        }
      }
    }
    return refs;
  }

  /** The Slots of a Schedule that the window admits (all when null), soonest first. */
  private static List<String> slotsOf(
      IndexView view, String scheduleId, @Nullable FreeSlotWindow window, Instant now) {
    List<Indexed<SlotKeys>> slots = new ArrayList<>();
    for (String id : view.slotIdsOfSchedule(scheduleId)) {
      Indexed<SlotKeys> slot = view.slot(id);
      if (slot != null && (window == null || window.admits(slot.keys(), now))) {
        slots.add(slot);
      }
    }
    slots.sort(
        Comparator.comparingLong((Indexed<SlotKeys> slot) -> slot.keys().startMillis())
            .thenComparing(Indexed::id));
    List<String> ids = new ArrayList<>(slots.size());
    slots.forEach(slot -> ids.add(slot.id()));
    return ids;
  }
}
