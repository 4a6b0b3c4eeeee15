package dev.activityfhir.server.directory;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Slots a sink already publishes, by id: lets {@link Directory#rebuildGraph(PublishedSlots)} take a
 * child's slot times from them instead of mapping the child again, and find the generated sessions it holds.
 */
@FunctionalInterface
public interface PublishedSlots {

  /** Knows no Slot: every child is mapped. */
  PublishedSlots NONE = slotId -> null;

  /** The published Slot with that id, or null when there is none. */
  @Nullable SlotTimes find(String slotId);

  /** The ids of the published Slots on a Schedule; empty when none (or not known). */
  default Set<String> slotIdsOfSchedule(String scheduleId) {
    return Set.of();
  }

  /**
   * What the graph keeps of a published Slot.
   *
   * @param slotId the Slot's id, the sink's own instance (the graph keeps it rather than a copy of its own)
   * @param scheduleId id of the Schedule the Slot belongs to
   * @param startMillis start instant in epoch milliseconds, {@link Long#MIN_VALUE} when absent
   * @param endMillis end instant in epoch milliseconds, {@link Long#MIN_VALUE} when absent
   */
  record SlotTimes(String slotId, String scheduleId, long startMillis, long endMillis) {}
}
