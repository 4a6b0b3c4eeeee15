package dev.activityfhir.server.directory;

import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.directory.PublishedSlots.SlotTimes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * The sessions a parent's weekly schedule promises ({@link OpenActiveMapper#expandSchedule}), published while
 * the parent has no sessions of its own or from a child feed and withdrawn once real ones arrive. They cover a
 * window from now, so they move as time passes: {@link #due} tells which parents' sessions must move (a new day
 * began, or one of them has ended) without waiting for the publisher to change the parent.
 */
final class GeneratedSessions {

  /** The day the window moves on: the schedules' default zone, where the publishers' days begin. */
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  private final OpenActiveMapper mapper;
  private final HeldItems held;
  private final Clock clock;
  /** The day every parent's sessions were last generated; null before the first time. */
  private @Nullable LocalDate generatedOn;

  GeneratedSessions(OpenActiveMapper mapper, HeldItems held) {
    this.mapper = mapper;
    this.held = held;
    this.clock = mapper.scheduleWindow().clock();
  }

  /** Whether the parent's schedule speaks for it: published, with no sessions of its own or from children. */
  static boolean speakFor(ParentNode node) {
    return node.published && node.ownSlotIds.isEmpty() && !node.hasPublishedChildren();
  }

  /**
   * Brings a parent's generated sessions up to date: generates them when its schedule speaks for it, else
   * withdraws any.
   *
   * @param item the parent's data, needed when its schedule speaks for it (null: nothing is generated)
   * @param newOnly the parent is unchanged and only time has passed: publish only sessions not published yet
   *     (the others are the same), withdraw those that left the window
   * @return whether its generated Slots changed
   */
  boolean refresh(
      ParentNode node, @Nullable OpenActiveItem item, ChangeBatch batch, boolean newOnly) {
    if (!batch.publishing) {
      return false;
    }
    if (!speakFor(node)) {
      boolean had = !node.generatedSlotIds.isEmpty();
      drop(node, batch);
      return had;
    }
    if (item == null) {
      return false;
    }
    List<Slot> generated;
    try {
      generated = mapper.expandSchedule(item);
    } catch (RuntimeException e) {
      held.logOnce(item.feedUrl(), "schedule expansion: " + HeldItems.reason(e));
      generated = List.of();
    }
    Set<String> ids = new HashSet<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long firstEnd = Long.MAX_VALUE;
    boolean changed = false;
    for (Slot slot : generated) {
      String id = slot.getIdElement().getIdPart();
      if (!newOnly || !node.generatedSlotIds.contains(id)) {
        batch.upsert(slot);
        changed = true;
      }
      ids.add(id);
      start = Math.min(start, slot.getStart().getTime());
      end = Math.max(end, slot.getEnd().getTime());
      firstEnd = Math.min(firstEnd, slot.getEnd().getTime());
    }
    for (String old : node.generatedSlotIds) {
      if (!ids.contains(old)) {
        batch.delete("Slot/" + old);
        changed = true;
      }
    }
    node.generatedSlotIds = ids.isEmpty() ? Set.of() : ids;
    node.generatedStart = start;
    node.generatedEnd = end;
    node.generatedFirstEnd = firstEnd;
    return changed;
  }

  /** Withdraws the parent's generated sessions. */
  static void drop(ParentNode node, ChangeBatch batch) {
    node.generatedSlotIds.forEach(id -> batch.delete("Slot/" + id));
    node.generatedSlotIds = Set.of();
    node.generatedStart = Long.MAX_VALUE;
    node.generatedEnd = Long.MIN_VALUE;
    node.generatedFirstEnd = Long.MAX_VALUE;
  }

  /**
   * Takes the Slots a sink already publishes on the parent's Schedule, other than its own and its children's,
   * as its generated sessions (after a rebuild from a snapshot, which may hold sessions since past): the next
   * {@link #refresh} then withdraws those that left the window.
   */
  static void adopt(ParentNode node, String scheduleId, PublishedSlots published) {
    Set<String> onSchedule = published.slotIdsOfSchedule(scheduleId);
    if (onSchedule.isEmpty()) {
      return;
    }
    Set<String> others = new HashSet<>(node.ownSlotIds);
    for (ChildNode child : node.children) {
      if (child.slotId != null) {
        others.add(child.slotId);
      }
    }
    Set<String> ids = new HashSet<>();
    for (String id : onSchedule) {
      SlotTimes times = others.contains(id) ? null : published.find(id);
      if (times == null) {
        continue;
      }
      ids.add(times.slotId());
      node.generatedStart = Math.min(node.generatedStart, times.startMillis());
      node.generatedEnd = Math.max(node.generatedEnd, times.endMillis());
      node.generatedFirstEnd = Math.min(node.generatedFirstEnd, times.endMillis());
    }
    node.generatedSlotIds = ids.isEmpty() ? Set.of() : ids;
  }

  /** The clock's time now, epoch milliseconds. */
  long now() {
    return clock.millis();
  }

  /**
   * Starts a move of every parent's sessions: whether a new day has begun since the last one (every window
   * then reaches a day further), remembering today.
   */
  boolean startMove() {
    LocalDate today = clock.instant().atZone(LONDON).toLocalDate();
    boolean newDay = !today.equals(generatedOn);
    generatedOn = today;
    return newDay;
  }

  /** Whether a parent's sessions must move: a new day began, or one of them has ended. */
  static boolean due(ParentNode node, boolean newDay, long now) {
    return newDay || node.generatedFirstEnd <= now;
  }
}
