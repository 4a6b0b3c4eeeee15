package dev.activityfhir.server.directory;

import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * What the graph keeps of a child's Slot.
 *
 * @param start epoch milliseconds, {@link Long#MAX_VALUE} when absent
 * @param end epoch milliseconds, {@link Long#MIN_VALUE} when absent
 * @param mapped the Slot to publish; null when it is already published
 */
record ChildSlot(String id, long start, long end, @Nullable Slot mapped) {

  static ChildSlot of(Slot slot) {
    return new ChildSlot(
        slot.getIdElement().getIdPart(),
        slot.hasStart() ? slot.getStart().getTime() : Long.MAX_VALUE,
        slot.hasEnd() ? slot.getEnd().getTime() : Long.MIN_VALUE,
        slot);
  }
}
