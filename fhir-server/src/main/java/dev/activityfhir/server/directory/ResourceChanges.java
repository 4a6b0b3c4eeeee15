package dev.activityfhir.server.directory;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * A batch of changes to the published resources.
 *
 * @param upserts resources created or replaced (each with its id set, e.g. {@code HealthcareService/abc})
 * @param deletions resources withdrawn, as {@code Type/id}
 * @param storeVersion the harvest store's version these changes bring the published resources to, or {@link
 *     #NO_VERSION}
 */
public record ResourceChanges(List<Resource> upserts, List<String> deletions, long storeVersion) {

  /** The store version of changes that do not come from the store (tests, fixtures). */
  public static final long NO_VERSION = -1;

  public ResourceChanges {
    upserts = List.copyOf(upserts);
    deletions = List.copyOf(deletions);
  }

  /** Changes that do not come from the store. */
  public ResourceChanges(List<Resource> upserts, List<String> deletions) {
    this(upserts, deletions, NO_VERSION);
  }

  public boolean isEmpty() {
    return upserts.isEmpty() && deletions.isEmpty();
  }
}
