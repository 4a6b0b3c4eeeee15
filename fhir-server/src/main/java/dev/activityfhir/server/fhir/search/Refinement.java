package dev.activityfhir.server.fhir.search;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What every directory search accepts on top of its type's own criteria, applied to the type's matches by {@link
 * Refiner}.
 *
 * @param lastUpdated {@code _lastUpdated}: {@code meta.lastUpdated} satisfies every criterion (empty = any)
 * @param exactNames {@code name:exact}: the name as published equals one of these, case and accents included
 *     (empty = any); the search itself has already compared the keys
 * @param sort {@code _sort}: the order asked for, or null for the type's default (distance for proximity
 *     searches, else id; Slot start)
 * @param descending whether {@code sort} was given with {@code -}
 * @param filters {@code :not}, {@code :missing} and {@code _has}: every filter holds (empty = any)
 */
public record Refinement(
    List<DateCriterion> lastUpdated,
    List<String> exactNames,
    @Nullable SortKey sort,
    boolean descending,
    List<KeyFilter> filters) {

  /** No refinement: the type's own matches in its default order. */
  public static final Refinement NONE = new Refinement(List.of(), List.of(), null, false, List.of());

  public Refinement {
    lastUpdated = List.copyOf(lastUpdated);
    exactNames = List.copyOf(exactNames);
    filters = List.copyOf(filters);
  }

  /** This refinement, also keeping only resources named exactly one of {@code names}. */
  public Refinement withExactNames(List<String> names) {
    return new Refinement(lastUpdated, names, sort, descending, filters);
  }

  /** This refinement, also keeping only resources that pass every one of {@code more}. */
  public Refinement withFilters(List<KeyFilter> more) {
    List<KeyFilter> all = new java.util.ArrayList<>(filters);
    all.addAll(more);
    return new Refinement(lastUpdated, exactNames, sort, descending, all);
  }

  /** The orders {@code _sort} accepts. */
  public enum SortKey {
    /** {@code _sort=name}: by the name as compared by search (case and accents ignored), then id. */
    NAME,
    /** {@code _sort=_lastUpdated}: by {@code meta.lastUpdated}, then id. */
    LAST_UPDATED
  }

  /** Whether this changes nothing. */
  public boolean isNone() {
    return lastUpdated.isEmpty() && exactNames.isEmpty() && sort == null && filters.isEmpty();
  }
}
