package dev.activityfhir.conformance.terminology;

/** A terminology request that cannot be answered: an unknown code system or value set, or bad input. */
public final class TerminologyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for the HTTP status: not found (404) or invalid request (400). */
  public enum Kind {
    NOT_FOUND,
    INVALID
  }

  private final Kind kind;
  private final String parameter;

  TerminologyException(Kind kind, String parameter, String message) {
    super(message);
    this.kind = kind;
    this.parameter = parameter;
  }

  public Kind kind() {
    return kind;
  }

  /** The operation parameter at fault, e.g. {@code system}. */
  public String parameter() {
    return parameter;
  }
}
