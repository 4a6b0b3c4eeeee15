package dev.activityfhir.server.directory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * The net effect of one page (or load batch, or schedule refresh) on the published resources: the last
 * operation on a resource wins. A batch that is not publishing (while the graph is rebuilt) keeps nothing.
 */
final class ChangeBatch {
  final boolean publishing;
  final Map<String, Resource> upserts = new LinkedHashMap<>();
  final Set<String> deletions = new LinkedHashSet<>();
  /** Parents whose Schedule (horizon, generated sessions, weekly times) must be brought up to date. */
  final Set<String> schedules = new LinkedHashSet<>();
  /**
   * Whether flushing generates the sessions of the parents whose schedules changed: not while loading (done
   * once, at the end) nor for a schedule refresh (which has just done it).
   */
  final boolean generating;

  /** A page's batch. */
  ChangeBatch() {
    this(true, true);
  }

  ChangeBatch(boolean publishing, boolean generating) {
    this.publishing = publishing;
    this.generating = generating;
  }

  void upsert(Resource resource) {
    if (publishing) {
      String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
      deletions.remove(reference);
      upserts.put(reference, resource);
    }
  }

  void delete(String reference) {
    if (publishing) {
      upserts.remove(reference);
      deletions.add(reference);
    }
  }

  void scheduleChanged(String parentKey) {
    if (publishing) {
      schedules.add(parentKey);
    }
  }

  void scheduleUnchanged(String parentKey) {
    schedules.remove(parentKey);
  }
}
