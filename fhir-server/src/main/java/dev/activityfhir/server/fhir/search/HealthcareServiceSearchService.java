package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.AvailableTime;
import dev.activityfhir.server.fhir.index.IndexView;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ServiceKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** HealthcareService search over the {@link ResourceIndex}. */
public final class HealthcareServiceSearchService {

  private final ResourceIndex index;

  /** A search service reading the given index. */
  public HealthcareServiceSearchService(ResourceIndex index) {
    this.index = index;
  }

  /**
   * The matching services: nearest first (distance = to the nearest of their Locations) when a proximity
   * criterion is given, else by id.
   */
  public List<Hit> search(HealthcareServiceSearchParams params) {
    return index.query(view -> search(view, params));
  }

  private static List<Hit> search(IndexView view, HealthcareServiceSearchParams params) {
    List<Hit> hits = matching(view, params);
    if (params.available().isEmpty()) {
      return hits;
    }
    FreeSlotWindow window = new FreeSlotWindow(params.available());
    Instant now = Instant.now();
    List<Hit> available = new ArrayList<>();
    for (Hit hit : hits) {
      if (hasFreeSlot(view, hit.id(), window, now)) {
        available.add(hit);
      }
    }
    return available;
  }

  /**
   * Whether a Schedule of the service has a Slot in the window: reads only the service's own Schedules (by actor)
   * and their Slots, so the cost follows the matches, not the directory.
   */
  private static boolean hasFreeSlot(IndexView view, String serviceId, FreeSlotWindow window, Instant now) {
    for (String scheduleId : view.scheduleIdsWithActor("HealthcareService/" + serviceId)) {
      for (String slotId : view.slotIdsOfSchedule(scheduleId)) {
        Indexed<SlotKeys> slot = view.slot(slotId);
        if (slot != null && window.admits(slot.keys(), now)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<Hit> matching(IndexView view, HealthcareServiceSearchParams params) {
    Near near = params.near();
    Criteria criteria = new Criteria(params);
    if (near == null) {
      List<Hit> hits = new ArrayList<>();
      for (Indexed<ServiceKeys> service : candidatesByType(view, criteria, view.services().size())) {
        if (criteria.matches(service.id(), service.keys())) {
          hits.add(Hit.of(service.id()));
        }
      }
      return hits;
    }
    // Proximity first: only services at a location within the distance are candidates, so a link-worker query
    // touches the services nearby rather than every service; or the services of the activity asked for, when
    // they are fewer. A service at several locations is kept once, at its nearest.
    Map<String, Double> nearLocations = locationsWithin(view, near);
    int nearby = 0;
    for (String locationId : nearLocations.keySet()) {
      nearby += view.servicesAtLocation(locationId).size();
    }
    Collection<Indexed<ServiceKeys>> ofType = candidatesByType(view, criteria, nearby);
    List<Hit> hits =
        ofType.size() < nearby
            ? nearestOf(ofType, nearLocations, criteria)
            : nearestAt(view, nearLocations, criteria);
    hits.sort(Comparator.comparingDouble(Hit::distanceKm).thenComparing(Hit::id));
    return hits;
  }

  /**
   * The services of the activities asked for, in id order, when the service-type criteria list exact codes and
   * those services are fewer than {@code fewerThan}; else every service. Matching still checks every criterion.
   */
  private static Collection<Indexed<ServiceKeys>> candidatesByType(
      IndexView view, Criteria criteria, int fewerThan) {
    Set<String> tokens = criteria.serviceTypes.isEmpty() ? null : criteria.serviceTypes.get(0).exactTokens();
    if (tokens == null) {
      return view.services();
    }
    List<List<Indexed<ServiceKeys>>> postings = new ArrayList<>();
    int size = 0;
    for (String token : tokens) {
      List<Indexed<ServiceKeys>> posting = view.servicesWithTypeToken(token);
      if (!posting.isEmpty()) {
        postings.add(posting);
        size += posting.size();
      }
    }
    if (size >= fewerThan) {
      return view.services();
    }
    if (postings.size() == 1) {
      return postings.get(0);
    }
    // A service coded with two of the activities is in two postings: merge by id, once each.
    TreeMap<String, Indexed<ServiceKeys>> merged = new TreeMap<>();
    for (List<Indexed<ServiceKeys>> posting : postings) {
      for (Indexed<ServiceKeys> service : posting) {
        merged.put(service.id(), service);
      }
    }
    return merged.values();
  }

  /** The matching services among {@code candidates} with a location near, each at its nearest. */
  private static List<Hit> nearestOf(
      Collection<Indexed<ServiceKeys>> candidates, Map<String, Double> nearLocations, Criteria criteria) {
    List<Hit> hits = new ArrayList<>();
    for (Indexed<ServiceKeys> service : candidates) {
      double nearest = nearest(service.keys().locationIds(), nearLocations);
      if (nearest != Double.POSITIVE_INFINITY && criteria.matches(service.id(), service.keys())) {
        hits.add(new Hit(service.id(), nearest));
      }
    }
    return hits;
  }

  /** The matching services at the locations near, each once, at its nearest. */
  private static List<Hit> nearestAt(IndexView view, Map<String, Double> nearLocations, Criteria criteria) {
    List<Hit> hits = new ArrayList<>();
    Set<String> atSeveral = new HashSet<>();
    for (Map.Entry<String, Double> location : nearLocations.entrySet()) {
      for (Indexed<ServiceKeys> service : view.servicesAtLocation(location.getKey())) {
        if (!criteria.matches(service.id(), service.keys())) {
          continue;
        }
        List<String> locationIds = service.keys().locationIds();
        if (locationIds.size() == 1) {
          hits.add(new Hit(service.id(), location.getValue()));
        } else if (atSeveral.add(service.id())) {
          hits.add(new Hit(service.id(), nearest(locationIds, nearLocations)));
        }
      }
    }
    return hits;
  }

  /** The least distance to any of the locations, or +infinity if none is near. */
  private static double nearest(List<String> locationIds, Map<String, Double> nearLocations) {
    double best = Double.POSITIVE_INFINITY;
    for (String id : locationIds) {
      Double d = nearLocations.get(id);
      if (d != null && d < best) {
        best = d;
      }
    }
    return best;
  }

  private static Map<String, Double> locationsWithin(IndexView view, Near near) {
    Map<String, Double> within = new HashMap<>();
    Matching.forEachLocationWithin(view, near, (location, distance) -> within.put(location.id(), distance));
    return within;
  }

  /** The search parameters, with the token groups compiled once per search rather than per service. */
  private static final class Criteria {
    private final HealthcareServiceSearchParams params;
    private final List<TokenGroup> serviceTypes;
    private final List<TokenGroup> characteristics;

    Criteria(HealthcareServiceSearchParams params) {
      this.params = params;
      this.serviceTypes = TokenGroup.allOf(params.serviceTypes());
      this.characteristics = TokenGroup.allOf(params.characteristics());
    }

    boolean matches(String id, ServiceKeys keys) {
      if (!params.ids().isEmpty() && !params.ids().contains(id)) {
        return false;
      }
      if (params.active() != null && params.active() != keys.active()) {
        return false;
      }
      if (!TokenGroup.allMatch(serviceTypes, keys.typeTokens())) {
        return false;
      }
      if (params.age() != null && !eligibleAt(keys, params.age())) {
        return false;
      }
      if (params.gender() != null && !genderMatches(keys.gender(), params.gender())) {
        return false;
      }
      if (!Matching.anyMatch(keys.nameKey(), params.names())) {
        return false;
      }
      for (String text : params.serviceTypeTexts()) {
        if (keys.typeTextKeys().stream().noneMatch(label -> label.contains(text))) {
          return false;
        }
      }
      if (!params.locationIds().isEmpty()
          && keys.locationIds().stream().noneMatch(params.locationIds()::contains)) {
        return false;
      }
      if (!params.organizationIds().isEmpty()
          && (keys.organizationId() == null
              || !params.organizationIds().contains(keys.organizationId()))) {
        return false;
      }
      if (!TokenGroup.allMatch(characteristics, keys.characteristics())) {
        return false;
      }
      if ((params.dayMask() != 0 || !params.timesOfDay().isEmpty()) && !timeMatches(keys, params)) {
        return false;
      }
      return params.prices().isEmpty() || priceMatches(keys.prices(), params.prices());
    }
  }

  private static boolean eligibleAt(ServiceKeys keys, int age) {
    return (keys.ageLow() < 0 || age >= keys.ageLow()) && (keys.ageHigh() < 0 || age <= keys.ageHigh());
  }

  private static boolean genderMatches(String published, String wanted) {
    if (published == null) {
      // Unknown gender policy: do not promise a session is open to the person.
      return false;
    }
    return switch (published) {
      case "NoRestriction" -> true;
      case "MaleOnly" -> "male".equals(wanted);
      case "FemaleOnly" -> "female".equals(wanted);
      default -> false;
    };
  }

  private static boolean timeMatches(ServiceKeys keys, HealthcareServiceSearchParams params) {
    for (AvailableTime time : keys.times()) {
      if (params.dayMask() != 0 && (time.dayMask() & params.dayMask()) == 0) {
        continue;
      }
      boolean all = true;
      for (TimeOfDayCriterion criterion : params.timesOfDay()) {
        if (!criterion.test(time.startMinute(), time.endMinute())) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean priceMatches(double[] prices, List<NumberCriterion> criteria) {
    for (double price : prices) {
      boolean all = true;
      for (NumberCriterion criterion : criteria) {
        if (!criterion.test(price)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
