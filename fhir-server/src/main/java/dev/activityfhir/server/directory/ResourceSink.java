package dev.activityfhir.server.directory;

/** Receives the FHIR resources that harvesting produced or withdrew, in batches (one per RPDE page). */
public interface ResourceSink {

  /** Applies one batch atomically from the readers' point of view. */
  void apply(ResourceChanges changes);
}
