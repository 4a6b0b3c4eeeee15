package dev.activityfhir.server.directory;

import dev.activityfhir.mapping.OccurrenceTimes;
import dev.activityfhir.server.collect.CompactSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A parent as the graph knows it: harvested itself, embedded in its children, or only named by them. */
final class ParentNode {
  final String key;
  @Nullable ParentItem real;
  @Nullable ParentItem embedded;
  final Set<ItemKey> embeddedBy = new HashSet<>();
  /** Its children's nodes (tens each, hundreds of thousands in all: hence a compact set). */
  final Set<ChildNode> children = new CompactSet<>();
  boolean published;
  @Nullable String serviceId;
  @Nullable String locationId;
  @Nullable String organizationId;
  Set<String> ownSlotIds = new HashSet<>();
  long ownStart = Long.MAX_VALUE;
  long ownEnd = Long.MIN_VALUE;
  /** Slots generated from its schedule, published while it has no other sessions. */
  Set<String> generatedSlotIds = Set.of();
  long generatedStart = Long.MAX_VALUE;
  long generatedEnd = Long.MIN_VALUE;
  /** The end of its earliest-ending generated Slot: once past, the generated sessions move on. */
  long generatedFirstEnd = Long.MAX_VALUE;
  /** The weekly times its published children show, as its HealthcareService was last mapped with. */
  OccurrenceTimes harvestedTimes = OccurrenceTimes.NONE;
  /** {@code @id}s of IndividualFacilityUses embedded in it, under which facility Slots join it. */
  List<String> aliasIds = List.of();

  ParentNode(String key) {
    this.key = key;
  }

  @Nullable ParentItem effective() {
    return real != null ? real : embedded;
  }

  boolean hasPublishedChildren() {
    for (ChildNode child : children) {
      if (child.published()) {
        return true;
      }
    }
    return false;
  }

  /** The weekly times of its published children's Slots. */
  OccurrenceTimes childTimes() {
    OccurrenceTimes.Builder times = OccurrenceTimes.builder();
    for (ChildNode child : children) {
      if (child.published() && child.start != Long.MAX_VALUE && child.end != Long.MIN_VALUE) {
        times.add(child.start, child.end);
      }
    }
    return times.build();
  }
}
