package dev.activityfhir.server.harvest;

import dev.activityfhir.server.harvest.FetchPolicy.Refusal;

/** A URL was not fetched because the {@link FetchPolicy} refused it; nothing was sent to its host. */
public final class FetchRefusedException extends FetchException {

  private static final long serialVersionUID = 1L;

  private final transient Refusal refusal;

  FetchRefusedException(Refusal refusal) {
    super(refusal.describe());
    this.refusal = refusal;
  }

  /** The refused host and the rule it broke. */
  public Refusal refusal() {
    return refusal;
  }
}
