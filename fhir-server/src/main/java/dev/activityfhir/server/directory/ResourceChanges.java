package dev.activityfhir.server.directory;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * A batch of changes to the published resources.
 *
 * @param upserts resources created or replaced (each with its id set, e.g. {@code HealthcareService/abc})
 * @param deletions resources withdrawn, as {@code Type/id}
 */
public record ResourceChanges(List<Resource> upserts, List<String> deletions) {

  public ResourceChanges {
    upserts = List.copyOf(upserts);
    deletions = List.copyOf(deletions);
  }

  public boolean isEmpty() {
    return upserts.isEmpty() && deletions.isEmpty();
  }
}
