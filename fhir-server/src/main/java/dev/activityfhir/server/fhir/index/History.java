package dev.activityfhir.server.fhir.index;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The changes to one resource type over a period, as {@link ResourceIndex#history} finds them.
 *
 * @param changes the changes, the most recent first
 * @param asOfMillis the first instant after the index last changed: the {@code _since} of a poller's next request
 * @param complete false when withdrawals from the period have been forgotten (only the most recent are kept): a
 *     copy kept from such a history would miss deletions
 */
public record History(List<Change> changes, long asOfMillis, boolean complete) {

  public History {
    changes = List.copyOf(changes);
  }

  /**
   * One change.
   *
   * @param id the resource's logical id
   * @param entry the resource as it is now, or null when it was withdrawn
   * @param version its current version, or the last one published before the withdrawal
   * @param atMillis when the change reached the index
   */
  public record Change(String id, @Nullable Indexed<?> entry, int version, long atMillis) {

    /** Whether this change withdrew the resource. */
    public boolean deleted() {
      return entry == null;
    }
  }
}
