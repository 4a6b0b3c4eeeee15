package dev.activityfhir.server.fhir.search;

import dev.activityfhir.server.fhir.index.IndexView;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.LocationKeys;
import dev.activityfhir.server.fhir.index.OrganizationKeys;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ServiceKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * Applies a {@link Refinement} ({@code _lastUpdated}, {@code _sort}, {@code :not}, {@code :missing}, {@code _has}) to the matches of a search, looking each match
 * up in the index by id: the cost follows the number of matches, never the number of resources.
 */
public final class Refiner {

  private final ResourceIndex index;

  /** A refiner reading the given index. */
  public Refiner(ResourceIndex index) {
    this.index = index;
  }

  /** The matches of a search of {@code type} that satisfy the refinement, in the order it asks for. */
  public List<Hit> refine(String type, List<Hit> hits, Refinement refinement) {
    if (refinement.isNone()) {
      return hits;
    }
    return index.query(view -> refine(view, type, hits, refinement));
  }

  private List<Hit> refine(IndexView view, String type, List<Hit> hits, Refinement refinement) {
    Instant now = Instant.now();
    List<Sortable> kept = new ArrayList<>(hits.size());
    for (Hit hit : hits) {
      Indexed<?> entry = view.get(type, hit.id());
      if (entry == null || !allMatch(refinement.lastUpdated(), entry.lastUpdatedMillis(), now)) {
        continue;
      }
      if (!passes(refinement.filters(), entry)) {
        continue;
      }
      if (!refinement.exactNames().isEmpty()
          && !refinement.exactNames().contains(publishedName(index.render(type, entry)))) {
        continue;
      }
      kept.add(new Sortable(hit, entry.lastUpdatedMillis(), nameKey(entry.keys())));
    }
    if (refinement.sort() != null) {
      Comparator<Sortable> order =
          refinement.sort() == Refinement.SortKey.NAME
              ? Comparator.comparing(Sortable::name)
              : Comparator.comparingLong(Sortable::lastUpdated);
      if (refinement.descending()) {
        order = order.reversed();
      }
      kept.sort(order.thenComparing(s -> s.hit().id()));
    }
    return kept.stream().map(Sortable::hit).toList();
  }

  private static boolean passes(List<KeyFilter> filters, Indexed<?> entry) {
    for (KeyFilter filter : filters) {
      if (!filter.test(entry.id(), entry.keys())) {
        return false;
      }
    }
    return true;
  }

  private static boolean allMatch(List<DateCriterion> criteria, long millis, Instant now) {
    for (DateCriterion criterion : criteria) {
      if (!criterion.test(millis, now)) {
        return false;
      }
    }
    return true;
  }

  /** The name of the types with a name, as published; the empty string for the others. */
  private static String publishedName(Resource resource) {
    String name = null;
    if (resource instanceof HealthcareService service) {
      name = service.getName();
    } else if (resource instanceof Location location) {
      name = location.getName();
    } else if (resource instanceof Organization organization) {
      name = organization.getName();
    }
    return name == null ? "" : name;
  }

  /** The name key of the types with a name; the empty string for the others (they sort by id). */
  private static String nameKey(Object keys) {
    if (keys instanceof ServiceKeys service) {
      return service.nameKey();
    }
    if (keys instanceof LocationKeys location) {
      return location.nameKey();
    }
    if (keys instanceof OrganizationKeys organization) {
      return organization.nameKey();
    }
    return "";
  }

  private record Sortable(Hit hit, long lastUpdated, String name) {}
}
