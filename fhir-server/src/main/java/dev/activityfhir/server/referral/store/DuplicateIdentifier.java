package dev.activityfhir.server.referral.store;

/**
 * A write claimed a {@link UniqueIdentifier} that another resource of the same type and organisation holds, perhaps
 * in a transaction committed a moment ago. The transaction is rolled back; retrying it sees the holder.
 */
public final class DuplicateIdentifier extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String type;
  private final transient UniqueIdentifier identifier;

  public DuplicateIdentifier(String type, UniqueIdentifier identifier) {
    super(type + " identifier " + identifier.system() + " is held by another " + type, null, false, false);
    this.type = type;
    this.identifier = identifier;
  }

  /** The resource type whose identifier collided. */
  public String type() {
    return type;
  }

  /** The identifier claimed twice (its value may be an NHS number: not for logs). */
  public UniqueIdentifier identifier() {
    return identifier;
  }
}
