package dev.activityfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.activityfhir.server.fhir.index.History;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * The read interactions shared by all providers: read (200, 410 for a withdrawn resource, 404 for an unknown one)
 * and type-level history ({@code _since}, {@code _at}), which lists withdrawals too.
 */
final class ReadSupport {

  private final ResourceIndex index;

  ReadSupport(ResourceIndex index) {
    this.index = index;
  }

  /**
   * The changes to a type since {@code since} (every live resource when absent), or the live resources current at
   * {@code at}'s end; the page from {@code offset} ({@code _offset}, 0 when absent) of {@code count} changes
   * ({@code _count}, the server's default page size when absent).
   */
  IBundleProvider history(
      String type,
      @Nullable InstantType since,
      @Nullable DateRangeParam at,
      @Nullable Integer offset,
      @Nullable Integer count) {
    if (since != null && at != null) {
      throw ControlParameters.naming("_at", "Give _since or _at, not both");
    }
    Long atMillis = null;
    if (at != null) {
      Date end = at.getUpperBoundAsInstant() != null ? at.getUpperBoundAsInstant() : at.getLowerBoundAsInstant();
      if (end == null) {
        throw ControlParameters.naming("_at", "Invalid value for parameter '_at': expected a date");
      }
      atMillis = end.getTime();
    }
    long sinceMillis = since == null || since.getValue() == null ? Long.MIN_VALUE : since.getValue().getTime();
    History history = index.history(type, sinceMillis, atMillis);
    if (!history.complete()) {
      throw ControlParameters.naming(
          "_since",
          "Invalid value for parameter '_since': older than the withdrawals this server remembers; read the"
              + " directory again by search, then poll from that search's time");
    }
    return new HistoryBundleProvider(
        type,
        history,
        index,
        FhirContext.forR4Cached(),
        offset == null ? 0 : offset,
        count == null ? DirectoryRestfulServer.DEFAULT_PAGE_SIZE : count);
  }

  Resource read(String type, IIdType id) {
    Resource resource = index.read(type, id.getIdPart());
    if (resource != null) {
      return resource;
    }
    if (index.presence(type, id.getIdPart()) == ResourceIndex.Presence.DELETED) {
      throw new ResourceGoneException("Resource " + type + "/" + id.getIdPart() + " has been withdrawn");
    }
    throw new ResourceNotFoundException("Resource " + type + "/" + id.getIdPart() + " is not known");
  }
}
