package dev.activityfhir.server.directory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The join graph: every parent by key (its {@code @id}, else its feed and item), every child by item with the
 * parent it names, which item carries which parent, the IndividualFacilityUse {@code @id}s that stand for the
 * FacilityUse embedding them, and the parents an item groups. Only the structure: what is published from it is
 * the {@link Directory}'s job. Not thread-safe: changed under the directory's lock.
 */
final class JoinGraph {

  /** Parents by key: harvested, embedded in children, or only named by them. */
  final Map<String, ParentNode> parents = new HashMap<>();
  /** The parent key of each item that is a parent (or a group's member). */
  final Map<ItemKey, String> parentKeyOfItem = new HashMap<>();
  /** Children by item (each node its own key). */
  final Map<ItemKey, ChildNode> children = new HashMap<>();
  /** Items grouping parents (an EventSeries of SessionSeries), to the keys of the parents they carry. */
  final Map<ItemKey, List<ItemKey>> groups = new HashMap<>();
  /** IndividualFacilityUse {@code @id}s published only inside a FacilityUse, to that FacilityUse's key. */
  private final Map<String, String> aliases = new HashMap<>();

  /** The key of the parent a child links to: a FacilityUse for an IndividualFacilityUse embedded in it. */
  @Nullable String resolve(@Nullable String parentAtId) {
    return parentAtId == null ? null : aliases.getOrDefault(parentAtId, parentAtId);
  }

  /** The parent with that key, added (known only by name) when absent. */
  ParentNode parent(String key) {
    return parents.computeIfAbsent(key, ParentNode::new);
  }

  /**
   * Makes {@code ids}, the {@code @id}s of the IndividualFacilityUses a FacilityUse embeds, name the FacilityUse,
   * so that facility Slots pointing at them join it; children already waiting under such an {@code @id} move
   * over. An {@code @id} published as a parent of its own stays one.
   *
   * @return whether children moved over (and must be mapped)
   */
  boolean registerAliases(ParentNode node, List<String> ids) {
    if (ids.equals(node.aliasIds)) {
      return false;
    }
    for (String old : node.aliasIds) {
      if (!ids.contains(old)) {
        aliases.remove(old, node.key);
      }
    }
    boolean adopted = false;
    for (String id : ids) {
      if (id.equals(node.key) || parents.containsKey(id) && parents.get(id).effective() != null) {
        continue; // published as a parent of its own: it stays one
      }
      aliases.put(id, node.key);
      ParentNode waiting = parents.remove(id);
      if (waiting != null) {
        for (ChildNode child : waiting.children) {
          ChildNode moved = new ChildNode(child.feedUrl, child.rpdeId, node.key);
          moved.heldReason = child.heldReason;
          children.put(moved, moved);
          node.children.add(moved);
          adopted = true;
        }
      }
    }
    node.aliasIds = List.copyOf(ids);
    return adopted;
  }

  /** Drops a parent nothing carries, names or publishes any more, with its aliases. */
  void forgetIfUnused(ParentNode node) {
    if (node.real == null && node.embedded == null && node.children.isEmpty() && !node.published) {
      parents.remove(node.key);
      node.aliasIds.forEach(alias -> aliases.remove(alias, node.key));
    }
  }

  /** Children held back: their parent is absent or could not be mapped, or they could not be mapped. */
  int pendingChildren() {
    int pending = 0;
    for (ChildNode child : children.values()) {
      if (!child.published()) {
        pending++;
      }
    }
    return pending;
  }
}
