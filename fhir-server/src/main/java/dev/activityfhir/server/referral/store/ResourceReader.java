package dev.activityfhir.server.referral.store;

import java.util.List;
import java.util.Optional;

/** Reads of the resource store: current versions, earlier versions, and searches over indexed values. */
public interface ResourceReader {

  /** The current version, if the resource exists. */
  Optional<StoredResource> read(String type, String id);

  /** Whether the organisation may see the resource (it was granted access). */
  boolean visibleTo(String type, String id, String organization);

  /** One matching page, in the query's order. */
  List<StoredResource> search(SearchQuery query);

  /** How many resources match the query's criteria (ignoring offset and limit). */
  long count(SearchQuery query);
}
