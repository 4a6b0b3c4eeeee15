package dev.activityfhir.server.fhir.search;

/**
 * A FHIR number comparison such as {@code le5} or {@code 0}.
 *
 * @param prefix the comparison
 * @param value the number compared with
 */
public record NumberCriterion(Prefix prefix, double value) {

  /** FHIR search prefixes for numbers. */
  public enum Prefix {
    EQ,
    NE,
    LT,
    GT,
    LE,
    GE
  }

  /** Whether a number satisfies the comparison ({@code eq} matches exactly: prices are decimal amounts). */
  public boolean test(double candidate) {
    return switch (prefix) {
      case EQ -> Math.abs(candidate - value) < 1e-9;
      case NE -> Math.abs(candidate - value) >= 1e-9;
      case LT -> candidate < value;
      case GT -> candidate > value;
      case LE -> candidate <= value + 1e-9;
      case GE -> candidate >= value - 1e-9;
    };
  }
}
