package dev.activityfhir.server.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.activityfhir.mapping.ItemLinks;
import dev.activityfhir.mapping.ItemRole;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.directory.PublishedSlots.SlotTimes;
import dev.activityfhir.server.store.StoredItem;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps the children streamed by the start-up load on all cores: each child of a published parent becomes its
 * Slot (or, when rebuilding, takes its id and times from the Slot already published), without touching the
 * graph, which only the directory changes. The mapper is thread-safe and the graph is only read meanwhile.
 */
final class ChildLoader {

  private final OpenActiveMapper mapper;
  private final ItemReader reader;
  private final JoinGraph graph;
  private final Function<ParentNode, @Nullable OpenActiveItem> parsed;

  ChildLoader(
      OpenActiveMapper mapper,
      ItemReader reader,
      JoinGraph graph,
      Function<ParentNode, @Nullable OpenActiveItem> parsed) {
    this.mapper = mapper;
    this.reader = reader;
    this.graph = graph;
    this.parsed = parsed;
  }

  /**
   * A child handled during the start-up load.
   *
   * @param parentKey null when the child must take the ordinary path (an embedded parent, a parent not
   *     published)
   * @param slot its Slot, null when it could not be mapped
   * @param failure why it could not be mapped
   */
  record LoadedChild(
      StoredItem item, @Nullable String parentKey, @Nullable ChildSlot slot, @Nullable String failure) {}

  /** The chunk's children, mapped in parallel, in stream order. */
  List<LoadedChild> map(List<StoredItem> chunk, PublishedSlots published) {
    return chunk.parallelStream().map(item -> map(item, published)).toList();
  }

  private LoadedChild map(StoredItem item, PublishedSlots published) {
    JsonNode data;
    try {
      data = reader.data(item);
    } catch (JsonProcessingException e) {
      return new LoadedChild(item, null, null, null);
    }
    ItemLinks links = mapper.links(data);
    String parentKey = graph.resolve(links.parentAtId());
    ParentNode parent = parentKey == null ? null : graph.parents.get(parentKey);
    OpenActiveItem parentItem =
        parent == null || !parent.published || links.embeddedParent() != null
            ? null
            : parsed.apply(parent);
    if (links.role() != ItemRole.CHILD || parentItem == null) {
      return new LoadedChild(item, null, null, null);
    }
    OpenActiveItem child = reader.item(item, data);
    ChildSlot known = publishedSlot(child, parentKey, published);
    if (known != null) {
      return new LoadedChild(item, parentKey, known, null);
    }
    try {
      return new LoadedChild(item, parentKey, ChildSlot.of(mapper.mapChild(child, parentItem)), null);
    } catch (RuntimeException e) {
      return new LoadedChild(item, parentKey, null, HeldItems.reason(e));
    }
  }

  /**
   * The child's Slot as {@code published} holds it in the parent's Schedule (where mapping the child would
   * put it), or null when the child must be mapped.
   */
  private static @Nullable ChildSlot publishedSlot(
      OpenActiveItem child, String parentKey, PublishedSlots published) {
    if (published == PublishedSlots.NONE) {
      return null; // loading: no id worth hashing
    }
    String slotId = ResourceIds.slot(ResourceIds.itemKey(child));
    SlotTimes times = published.find(slotId);
    if (times == null || !times.scheduleId().equals(ResourceIds.schedule(parentKey))) {
      return null;
    }
    long start = times.startMillis() == Long.MIN_VALUE ? Long.MAX_VALUE : times.startMillis();
    return new ChildSlot(times.slotId(), start, times.endMillis(), null);
  }
}
