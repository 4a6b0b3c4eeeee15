package dev.activityfhir.server.fhir.search;

/**
 * One {@code time-of-day} value, in minutes after midnight, local (Europe/London) time as published.
 *
 * <ul>
 *   <li>{@code geHH:mm} / {@code gtHH:mm}: the session starts at or after (after) that time;
 *   <li>{@code leHH:mm} / {@code ltHH:mm}: the session ends at or before (before) that time;
 *   <li>{@code HH:mm} or {@code eqHH:mm}: the session is running at that time (start &lt;= t &lt; end).
 * </ul>
 *
 * Repeating the parameter combines the values (AND), e.g. {@code time-of-day=ge09:00&time-of-day=le12:00}: the
 * session lies within 09:00-12:00. Sessions without published times never match.
 *
 * @param prefix the comparison
 * @param minute minutes after midnight
 */
public record TimeOfDayCriterion(Prefix prefix, int minute) {

  /** The comparisons {@code time-of-day} accepts. */
  public enum Prefix {
    EQ,
    GE,
    GT,
    LE,
    LT
  }

  /** Whether a session from {@code start} to {@code end} (minutes, -1 unknown) satisfies this criterion. */
  public boolean test(int start, int end) {
    return switch (prefix) {
      case GE -> start >= 0 && start >= minute;
      case GT -> start >= 0 && start > minute;
      case LE -> end >= 0 && end <= minute;
      case LT -> end >= 0 && end < minute;
      case EQ -> start >= 0 && end >= 0 && start <= minute && minute < end;
    };
  }
}
