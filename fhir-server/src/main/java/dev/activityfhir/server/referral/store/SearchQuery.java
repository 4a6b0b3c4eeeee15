package dev.activityfhir.server.referral.store;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A search over one resource type: every criterion must hold (AND), each by any of its matches (OR); results
 * visible to one organisation only, sorted, one page at a time.
 *
 * @param type the resource type searched
 * @param criteria what must hold
 * @param visibleTo the organisation whose access the results are limited to; null only for the server's own checks
 * @param sort the order
 * @param offset how many results to skip
 * @param limit the most results to return
 */
public record SearchQuery(
    String type, List<Criterion> criteria, @Nullable String visibleTo, Sort sort, int offset, int limit) {

  /** {@code _id}: matched against the id column, by tokens. */
  public static final String ID = "_id";

  /** {@code _lastUpdated}: matched against the last-updated column, by dates. */
  public static final String LAST_UPDATED = "_lastUpdated";

  public SearchQuery {
    Objects.requireNonNull(type, "type");
    criteria = List.copyOf(criteria);
    Objects.requireNonNull(sort, "sort");
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
  }

  /** One parameter that must match by any of its matches. */
  public record Criterion(String param, List<Match> anyOf) {
    public Criterion {
      Objects.requireNonNull(param, "param");
      anyOf = List.copyOf(anyOf);
      if (anyOf.isEmpty()) {
        throw new IllegalArgumentException("a criterion needs at least one match");
      }
    }
  }

  /** How a value matches. */
  public sealed interface Match {}

  /**
   * Equal code (or reference), in the given system when system is not null.
   *
   * @param system null for any system, empty for values without a system
   */
  public record TokenMatch(@Nullable String system, String code) implements Match {}

  /** A string value starting with this text, ignoring case. */
  public record PrefixMatch(String text) implements Match {}

  /** A date compared with a FHIR prefix against the range {@code [low, high]} (inclusive milliseconds). */
  public record DateMatch(DatePrefix prefix, long low, long high) implements Match {}

  /** FHIR's date search prefixes. */
  public enum DatePrefix {
    EQ,
    NE,
    GT,
    LT,
    GE,
    LE,
    SA,
    EB,
    AP
  }

  /**
   * The order of results; ties broken by id.
   *
   * @param param {@link #LAST_UPDATED} or a date parameter of the type
   */
  public record Sort(String param, boolean descending) {
    /** Most recently updated first. */
    public static final Sort NEWEST_FIRST = new Sort(LAST_UPDATED, true);
  }
}
