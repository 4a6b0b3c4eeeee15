package dev.activityfhir.server.fhir.index;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Search keys of a Slot, kept small because there are hundreds of thousands of slots.
 *
 * @param scheduleId id of the Schedule (interned: many slots share it)
 * @param startMillis start instant in epoch milliseconds, {@link Long#MIN_VALUE} when absent
 * @param endMillis end instant in epoch milliseconds, {@link Long#MIN_VALUE} when absent
 * @param status the status code, or null
 * @param serviceTypeTokens every {@code serviceType} coding as {@code system|code} (interned)
 */
public record SlotKeys(
    @Nullable String scheduleId,
    long startMillis,
    long endMillis,
    @Nullable String status,
    List<String> serviceTypeTokens) {}
