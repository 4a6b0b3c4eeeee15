package dev.activityfhir.mapping;

/**
 * An item that cannot become FHIR resources (wrong type, no usable dates, no parent link...). The
 * message is a short reason, stable enough to count skipped items by reason.
 */
public final class UnmappableItemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnmappableItemException(String reason) {
    super(reason);
  }
}
