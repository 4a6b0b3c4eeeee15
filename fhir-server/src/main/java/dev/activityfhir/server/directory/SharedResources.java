package dev.activityfhir.server.directory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Resources of one type that several parents share (Locations, Organizations): published while at least one
 * parent uses them, withdrawn when the last one lets go.
 */
final class SharedResources {

  private final String type;
  /** Resource id to the keys of the parents using it. */
  private final Map<String, Set<String>> users = new HashMap<>();

  SharedResources(String type) {
    this.type = type;
  }

  /**
   * Moves a parent's use from {@code current} to {@code resource} (either may be null), publishing the
   * resource and withdrawing one that no parent uses any more.
   *
   * @return the id now used
   */
  @Nullable String use(
      @Nullable String current, @Nullable Resource resource, String parentKey, ChangeBatch batch) {
    String id = resource == null ? null : resource.getIdElement().getIdPart();
    if (!Objects.equals(id, current) && current != null) {
      Set<String> left = users.get(current);
      if (left != null) {
        left.remove(parentKey);
        if (left.isEmpty()) {
          users.remove(current);
          batch.delete(type + "/" + current);
        }
      }
    }
    if (resource != null) {
      users.computeIfAbsent(id, unused -> new HashSet<>()).add(parentKey);
      batch.upsert(resource);
    }
    return id;
  }
}
