package dev.activityfhir.server.referral.store;

/** An update expected a version that is no longer (or not yet) the current one; or a create found the id taken. */
public final class VersionConflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public VersionConflict(String message) {
    super(message, null, false, false);
  }
}
