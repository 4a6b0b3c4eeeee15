package dev.activityfhir.server.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.ItemLinks;
import dev.activityfhir.mapping.MappedParent;
import dev.activityfhir.mapping.OccurrenceTimes;
import dev.activityfhir.mapping.OpenActiveItem;
import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.harvest.HarvestListener;
import dev.activityfhir.server.store.AppliedChanges;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RemovedItem;
import dev.activityfhir.server.store.StoredItem;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins harvested items into the published FHIR resources and sends every change to a {@link ResourceSink}.
 *
 * <p>Parents (SessionSeries, FacilityUse, ...) are keyed by {@code @id}; children (ScheduledSession, facility
 * Slot) join the parent named by their {@code superEvent}/{@code facilityUse}, from any feed. An embedded
 * {@code superEvent} object acts as the parent until (and unless) the parent itself is harvested. A child whose
 * parent is absent is held back and published when the parent arrives; a deleted parent withdraws its
 * HealthcareService, Schedule and Slots and its children wait again; a deleted child withdraws its Slot and
 * narrows the Schedule's planning horizon. A Location or Organization is published while at least one live
 * parent references it. A facility Slot naming an IndividualFacilityUse published only inside its FacilityUse
 * joins the FacilityUse; an item grouping parents (an EventSeries of SessionSeries) publishes each of them; a
 * parent with no Slots of its own or from children publishes the sessions its weekly schedule promises, until
 * real ones arrive. Every item held back (refused by the mapper, not a directory type, or a child without a
 * published parent) is counted per feed and reason while it is held back, each distinct reason logged once.
 *
 * <p>Memory holds the graph (keys, ids, slot times) and parents' data as compact JSON text, not children's
 * data: a parent update re-reads its children from the store. Parents are parsed on demand through a small
 * cache. Thread-safe: every method runs under one lock.
 */
public final class Directory implements HarvestListener {

  private static final Logger log = LoggerFactory.getLogger(Directory.class);
  /** Items per batch handed to the sink while loading the store at start-up. */
  private static final int LOAD_BATCH = 20_000;
  /** Children mapped in parallel at a time while loading. */
  private static final int LOAD_CHUNK = 2_000;
  /** Parsed parents kept: a few pages' worth of distinct graph.parents. */
  private static final int PARSED_PARENTS = 1_024;

  private final OpenActiveMapper mapper;
  private final HarvestStore store;
  private final ResourceSink sink;
  private final ObjectMapper json = new ObjectMapper();
  private final ParsedParents parsedParents = new ParsedParents(json, PARSED_PARENTS);
  private final ItemReader reader = new ItemReader(json);
  // Its counts are read by /health without the directory's lock, which a start-up load holds for a long time.
  private final HeldItems held = new HeldItems();
  private final SharedResources locations = new SharedResources("Location");
  private final SharedResources organizations = new SharedResources("Organization");
  private final GeneratedSessions generated;

  private final JoinGraph graph = new JoinGraph();
  private final ChildLoader childLoader;

  /** A directory publishing to {@code sink}, reading children back from {@code store} when a parent changes. */
  public Directory(OpenActiveMapper mapper, HarvestStore store, ResourceSink sink) {
    this.mapper = mapper;
    this.store = store;
    this.sink = sink;
    this.generated = new GeneratedSessions(mapper, held);
    this.childLoader = new ChildLoader(mapper, reader, graph, this::parsed);
  }

  /**
   * Publishes everything the store holds; called once at start-up, before harvesting, on an empty directory.
   * Streams the store (parents first, so children join at once; children grouped by parent, so each parent is
   * parsed about once) and hands the resources to the sink in large batches.
   */
  public synchronized void loadAll() {
    load(true, PublishedSlots.NONE);
  }

  /**
   * Builds the graph {@link #loadAll()} builds, sending nothing to the sink; called instead of it when the
   * sink already shows what loading would publish (an index restored from a snapshot taken at the store's
   * current {@link HarvestStore#version() version}). Later pages then publish their changes as after a load.
   *
   * <p>Cheaper than loading: no Schedule is mapped and no resource is kept or handed on. Parents are still
   * mapped, for the ids the graph holds and to skip the same unmappable items. A child whose Slot {@code
   * published} holds, in its parent's Schedule, takes its id and times from there and is not mapped; any
   * other child is mapped as when loading, so the same unmappable children are skipped.
   *
   * @param published the Slots the sink publishes (its state at the store's current version)
   */
  public synchronized void rebuildGraph(PublishedSlots published) {
    load(false, published);
  }

  private void load(boolean publishing, PublishedSlots published) {
    reader.licenses(store.licenses());
    // Harvesting has not started: nothing changes the store while it is streamed.
    long version = store.version();
    ChangeBatch[] batch = {new ChangeBatch(publishing, false)};
    List<StoredItem> pendingChildren = new ArrayList<>(LOAD_CHUNK);
    int[] items = {0};
    store.streamLiveItems(
        item -> {
          if (item.parentAtId() == null) {
            upserted(item, batch[0]);
          } else {
            // The store streams children last, once every parent is in the graph: map them in parallel.
            pendingChildren.add(item);
            if (pendingChildren.size() == LOAD_CHUNK) {
              loadChildren(pendingChildren, batch[0], published);
              pendingChildren.clear();
            }
          }
          if (++items[0] % LOAD_BATCH == 0) {
            loadChildren(pendingChildren, batch[0], published);
            pendingChildren.clear();
            flush(batch[0], ResourceChanges.NO_VERSION);
            batch[0] = new ChangeBatch(publishing, false);
          }
        });
    loadChildren(pendingChildren, batch[0], published);
    if (publishing) {
      // Sessions generated from schedules only now, when every parent's children have joined it.
      generated.startMove();
      for (ParentNode node : graph.parents.values()) {
        if (refreshGenerated(node, batch[0], false)) {
          batch[0].scheduleChanged(node.key);
        }
      }
    } else {
      // What the published resources already show: the children's weekly times in the services, and the
      // generated sessions (the next refresh withdraws those since past).
      for (ParentNode node : graph.parents.values()) {
        OpenActiveItem item = node.published ? parsed(node) : null;
        if (item != null) {
          node.harvestedTimes = harvestedTimes(node, item);
          GeneratedSessions.adopt(node, ResourceIds.schedule(node.key), published);
        }
      }
    }
    flush(batch[0], version);
    log.info(
        "{} {} stored items: {} parents, {} children ({} held back)",
        publishing ? "Loaded" : "Rebuilt the graph of",
        items[0],
        graph.parentKeyOfItem.size(),
        graph.children.size(),
        pendingChildren());
  }

  /**
   * Maps children of parents already published on all cores (the mapper is thread-safe and the graph is only
   * read meanwhile), then joins the results into the graph in stream order. Anything else (an embedded parent,
   * a parent not published) takes the ordinary path.
   */
  private void loadChildren(List<StoredItem> chunk, ChangeBatch batch, PublishedSlots published) {
    for (ChildLoader.LoadedChild child : childLoader.map(chunk, published)) {
      if (child.parentKey() == null) {
        upserted(child.item(), batch);
        continue;
      }
      ParentNode parent = graph.parents.get(child.parentKey());
      ChildNode node =
          new ChildNode(reader.feedUrl(child.item().feedUrl()), child.item().rpdeId(), parent.key);
      graph.children.put(node, node);
      parent.children.add(node);
      ChildSlot slot = child.slot();
      if (slot == null) {
        held.holdChild(node, child.failure() == null ? "unmappable child" : child.failure());
        continue;
      }
      node.slotId = slot.id();
      node.start = slot.start();
      node.end = slot.end();
      Slot mapped = slot.mapped();
      if (mapped != null) {
        batch.upsert(mapped);
      }
      batch.scheduleChanged(parent.key);
    }
  }

  /** Publishes what one harvested page changed. */
  @Override
  public synchronized void pageApplied(
      String feedUrl, AppliedChanges changes, @Nullable String license) {
    if (license != null) {
      reader.license(feedUrl, license);
    }
    ChangeBatch batch = new ChangeBatch();
    for (RemovedItem removed : changes.removed()) {
      ItemKey key = reader.key(removed.feedUrl(), removed.rpdeId());
      removeChild(key, batch);
      removeParentItem(key, batch);
      removeGroup(key, batch);
    }
    for (StoredItem item : changes.upserted()) {
      upserted(item, batch);
    }
    flush(batch, changes.storeVersion());
  }

  /**
   * Items held back from the directory now, per feed: not mappable, not a directory type, or children whose
   * parent is absent or unpublished. Never waits for a load or a page in progress.
   */
  public Map<String, Long> skippedItems() {
    return held.perFeed();
  }

  /** The items of one feed held back now, per reason (as {@link #skippedItems()} counts them). */
  public Map<String, Long> skippedItems(String feedUrl) {
    return held.perReason(feedUrl);
  }

  /** Children held back: their parent is absent or could not be mapped, or they could not be mapped. */
  public synchronized int pendingChildren() {
    return graph.pendingChildren();
  }

  private void upserted(StoredItem item, ChangeBatch batch) {
    ItemKey key = reader.key(item.feedUrl(), item.rpdeId());
    JsonNode data;
    try {
      data = reader.data(item);
    } catch (JsonProcessingException e) {
      held.hold(key, "data is not JSON");
      return;
    }
    ItemLinks links = mapper.links(data);
    OpenActiveItem oa = reader.item(item, data);
    switch (links.role()) {
      case PARENT -> {
        removeChild(key, batch);
        removeGroup(key, batch);
        held.release(key);
        upsertParent(key, oa, item.dataJson(), batch);
      }
      case CHILD -> {
        removeParentItem(key, batch);
        removeGroup(key, batch);
        held.release(key);
        upsertChild(key, oa, links, batch);
      }
      default -> {
        // Not a parent or child itself (OnDemandEvent, EventSeries, ...); it may have been before.
        removeChild(key, batch);
        removeParentItem(key, batch);
        List<JsonNode> grouped = mapper.groupedParents(data);
        if (grouped.isEmpty()) {
          removeGroup(key, batch);
          held.hold(key, links.type().isEmpty() ? "no @type" : "not a directory type: " + links.type());
        } else {
          upsertGroup(key, oa, grouped, batch);
        }
      }
    }
  }

  /**
   * Publishes the parents an item groups (an imin-style EventSeries of SessionSeries), each as a parent item of
   * its own, keyed by the group's RPDE id and the member's {@code @id} (else its position).
   */
  private void upsertGroup(ItemKey key, OpenActiveItem item, List<JsonNode> grouped, ChangeBatch batch) {
    held.release(key);
    List<ItemKey> previous = graph.groups.getOrDefault(key, List.of());
    List<ItemKey> current = new ArrayList<>();
    for (int i = 0; i < grouped.size(); i++) {
      JsonNode parent = grouped.get(i);
      String atId = mapper.links(parent).atId();
      ItemKey member = reader.key(key.feedUrl, key.rpdeId + "#subEvent/" + (atId != null ? atId : i));
      current.add(member);
      OpenActiveItem memberItem =
          new OpenActiveItem(
              item.feedUrl(), member.rpdeId, item.modified(), parent, item.harvestedAt(), item.license());
      upsertParent(member, memberItem, parent.toString(), batch);
    }
    for (ItemKey old : previous) {
      if (!current.contains(old)) {
        removeParentItem(old, batch);
      }
    }
    graph.groups.put(key, List.copyOf(current));
  }

  private void removeGroup(ItemKey key, ChangeBatch batch) {
    List<ItemKey> members = graph.groups.remove(key);
    if (members != null) {
      members.forEach(member -> removeParentItem(member, batch));
    }
  }

  private void upsertParent(ItemKey key, OpenActiveItem item, String dataJson, ChangeBatch batch) {
    String parentKey = ResourceIds.itemKey(item);
    String previous = graph.parentKeyOfItem.get(key);
    if (previous != null && !previous.equals(parentKey)) {
      detachReal(previous, batch); // its @id changed
    }
    ParentNode node = graph.parent(parentKey);
    graph.parentKeyOfItem.put(key, node.key);
    node.real = ParentItem.of(item, dataJson);
    parsedParents.put(node.real, item);
    publish(node, batch, true);
  }

  private void removeParentItem(ItemKey key, ChangeBatch batch) {
    held.release(key);
    String parentKey = graph.parentKeyOfItem.remove(key);
    if (parentKey != null) {
      detachReal(parentKey, batch);
    }
  }

  private void detachReal(String parentKey, ChangeBatch batch) {
    ParentNode node = graph.parents.get(parentKey);
    if (node == null) {
      return;
    }
    node.real = null;
    // An embedded copy carried by children may stand in; else everything is withdrawn.
    publish(node, batch, true);
    graph.forgetIfUnused(node);
  }

  private void upsertChild(ItemKey key, OpenActiveItem item, ItemLinks links, ChangeBatch batch) {
    String parentKey = graph.resolve(links.parentAtId());
    if (parentKey == null) {
      removeChild(key, batch);
      held.hold(key, "child without a superEvent or facilityUse link");
      return;
    }
    ChildNode child = graph.children.get(key);
    if (child != null && !child.parentKey.equals(parentKey)) {
      removeChild(key, batch);
      child = null;
    }
    ParentNode node = graph.parent(parentKey);
    if (child == null) {
      child = new ChildNode(key.feedUrl, key.rpdeId, node.key);
      graph.children.put(child, child);
    }
    node.children.add(child);
    if (links.embeddedParent() != null) {
      // The embedded parent keyed as the link names it (a URN of ours when it has no @id).
      JsonNode embedded = mapper.embeddedParentData(links);
      OpenActiveItem parent =
          new OpenActiveItem(
              item.feedUrl(), item.rpdeId(), item.modified(), embedded, item.harvestedAt(), item.license());
      ParentItem previous = node.embedded;
      node.embedded = ParentItem.of(parent, embedded.toString());
      parsedParents.put(node.embedded, parent);
      boolean changed = previous == null || !sameData(previous, node.embedded, embedded);
      node.embeddedBy.add(child);
      if (node.real == null && (changed || !node.published)) {
        publish(node, batch, node.children.size() > 1);
      }
    }
    if (node.published) {
      mapChild(node, key, item, batch);
    } else {
      withdrawSlot(child, batch);
      held.holdChild(child, unpublishedParent(node));
    }
  }

  /** Why the children of an unpublished parent are held back. */
  private static String unpublishedParent(ParentNode node) {
    return node.effective() == null ? "parent not harvested" : "parent not published";
  }

  private void removeChild(ItemKey key, ChangeBatch batch) {
    ChildNode child = graph.children.remove(key);
    if (child == null) {
      return;
    }
    withdrawSlot(child, batch);
    held.releaseChild(child);
    ParentNode node = graph.parents.get(child.parentKey);
    if (node == null) {
      return;
    }
    node.children.remove(key);
    batch.scheduleChanged(node.key);
    if (node.embeddedBy.remove(key) && node.embeddedBy.isEmpty()) {
      node.embedded = null;
      if (node.real == null) {
        withdraw(node, batch);
      }
    }
    graph.forgetIfUnused(node);
  }

  /** (Re)publishes a parent from its current data, or withdraws it when it has none or cannot be mapped. */
  private void publish(ParentNode node, ChangeBatch batch, boolean remapChildren) {
    OpenActiveItem item = parsed(node);
    if (item == null) {
      withdraw(node, batch);
      return;
    }
    MappedParent mapped;
    try {
      mapped = mapper.mapParent(item, node.harvestedTimes);
    } catch (RuntimeException e) {
      if (node.real != null) {
        held.hold(reader.key(node.real.feedUrl(), node.real.rpdeId()), HeldItems.reason(e));
      } else {
        held.logOnce(item.feedUrl(), "embedded parent: " + HeldItems.reason(e));
      }
      withdraw(node, batch);
      for (ChildNode child : node.children) {
        held.holdChild(child, "parent not published");
      }
      return;
    }
    if (node.real != null) {
      held.release(reader.key(node.real.feedUrl(), node.real.rpdeId()));
    }
    batch.upsert(mapped.service());
    node.serviceId = mapped.service().getIdElement().getIdPart();
    node.locationId =
        locations.use(node.locationId, mapped.location(), node.key, batch);
    node.organizationId =
        organizations.use(node.organizationId, mapped.organization(), node.key, batch);
    Set<String> ownSlots = new HashSet<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (Slot slot : mapped.ownSlots()) {
      batch.upsert(slot);
      ownSlots.add(slot.getIdElement().getIdPart());
      if (slot.hasStart()) {
        start = Math.min(start, slot.getStart().getTime());
      }
      if (slot.hasEnd()) {
        end = Math.max(end, slot.getEnd().getTime());
      }
    }
    for (String old : node.ownSlotIds) {
      if (!ownSlots.contains(old)) {
        batch.delete("Slot/" + old);
      }
    }
    node.ownSlotIds = ownSlots;
    node.ownStart = start;
    node.ownEnd = end;
    boolean wasPublished = node.published;
    node.published = true;
    boolean adopted = graph.registerAliases(node, mapper.embeddedParentIds(item.data()));
    if ((remapChildren || !wasPublished || adopted) && !node.children.isEmpty()) {
      // Children inherit from the parent (activity, location, offers...): map them again with the new version.
      List<String> linkKeys = new ArrayList<>(node.aliasIds);
      linkKeys.add(0, node.key);
      for (String linkKey : linkKeys) {
        for (StoredItem stored : store.children(linkKey)) {
          ItemKey key = reader.key(stored.feedUrl(), stored.rpdeId());
          if (node.children.contains(key)) {
            OpenActiveItem child = openActiveItem(stored);
            if (child != null) {
              mapChild(node, key, child, batch);
            }
          }
        }
      }
    }
    batch.scheduleChanged(node.key);
  }

  private @Nullable OpenActiveItem openActiveItem(StoredItem stored) {
    try {
      return reader.item(stored, reader.data(stored));
    } catch (JsonProcessingException e) {
      held.hold(reader.key(stored.feedUrl(), stored.rpdeId()), "data is not JSON");
      return null;
    }
  }

  private void mapChild(ParentNode node, ItemKey key, OpenActiveItem item, ChangeBatch batch) {
    ChildNode child = graph.children.get(key);
    OpenActiveItem parent = parsed(node);
    if (child == null || parent == null) {
      return;
    }
    Slot slot;
    try {
      slot = mapper.mapChild(item, parent);
    } catch (RuntimeException e) {
      withdrawSlot(child, batch);
      held.holdChild(child, HeldItems.reason(e));
      batch.scheduleChanged(node.key);
      return;
    }
    held.releaseChild(child);
    ChildSlot mapped = ChildSlot.of(slot);
    if (child.slotId != null && !child.slotId.equals(mapped.id())) {
      batch.delete("Slot/" + child.slotId);
    }
    child.slotId = mapped.id();
    child.start = mapped.start();
    child.end = mapped.end();
    batch.upsert(slot);
    batch.scheduleChanged(node.key);
  }

  private static void withdrawSlot(ChildNode child, ChangeBatch batch) {
    if (child.slotId != null) {
      batch.delete("Slot/" + child.slotId);
      child.slotId = null;
    }
  }

  /** Withdraws a parent's resources; its children stay, held back until it is published again. */
  private void withdraw(ParentNode node, ChangeBatch batch) {
    if (!node.published) {
      return;
    }
    if (node.serviceId != null) {
      batch.delete("HealthcareService/" + node.serviceId);
      batch.delete("Schedule/" + ResourceIds.schedule(node.key));
    }
    node.ownSlotIds.forEach(id -> batch.delete("Slot/" + id));
    node.ownSlotIds = new HashSet<>();
    GeneratedSessions.drop(node, batch);
    String reason = unpublishedParent(node);
    for (ChildNode child : node.children) {
      withdrawSlot(child, batch);
      held.holdChild(child, reason);
    }
    node.locationId = locations.use(node.locationId, null, node.key, batch);
    node.organizationId =
        organizations.use(node.organizationId, null, node.key, batch);
    node.serviceId = null;
    node.published = false;
    batch.scheduleUnchanged(node.key);
  }

  /**
   * Hands the batch to the sink, with the store version it brings the published resources to (sent even when
   * nothing changed, so the sink knows which version it shows).
   */
  private void flush(ChangeBatch batch, long storeVersion) {
    if (!batch.publishing) {
      return;
    }
    for (String parentKey : batch.schedules) {
      ParentNode node = graph.parents.get(parentKey);
      if (node != null && batch.generating) {
        refreshGenerated(node, batch, false);
      }
      OpenActiveItem item = node == null ? null : parsed(node);
      if (node == null || item == null || !node.published) {
        continue;
      }
      updateHarvestedTimes(node, item, batch);
      try {
        batch.upsert(mapper.mapSchedule(item, horizon(node)));
      } catch (RuntimeException e) {
        held.logOnce(item.feedUrl(), "schedule: " + HeldItems.reason(e));
      }
    }
    if (!batch.upserts.isEmpty()
        || !batch.deletions.isEmpty()
        || storeVersion != ResourceChanges.NO_VERSION) {
      sink.apply(
          new ResourceChanges(
              new ArrayList<>(batch.upserts.values()), new ArrayList<>(batch.deletions), storeVersion));
    }
  }

  /**
   * Maps the parent's service again when the weekly times of its children (sessions from a feed of their own)
   * changed: they add to its {@code availableTime}, so that a {@code day-of-week} search finds it.
   */
  private void updateHarvestedTimes(ParentNode node, OpenActiveItem item, ChangeBatch batch) {
    OccurrenceTimes times = harvestedTimes(node, item);
    if (times.equals(node.harvestedTimes)) {
      return;
    }
    node.harvestedTimes = times;
    try {
      batch.upsert(mapper.mapParent(item, times).service());
    } catch (RuntimeException e) {
      // Mapped a moment ago with the same data; only the added times differ.
      held.logOnce(item.feedUrl(), "service: " + HeldItems.reason(e));
    }
  }

  /** The weekly times the parent's children add to its service: none when it publishes times itself. */
  private OccurrenceTimes harvestedTimes(ParentNode node, OpenActiveItem item) {
    return node.children.isEmpty() || !mapper.takesOccurrenceTimes(item)
        ? OccurrenceTimes.NONE
        : node.childTimes();
  }

  /**
   * Moves the sessions generated from weekly schedules on to the window as it is now: those that ended or left
   * it are withdrawn, those that entered it (a new day) are published, without waiting for the publishers to
   * change anything. Cheap when nothing is due: each parent's sessions are generated again only when a new day
   * began or one of them has ended. Called on a timer ({@link ScheduleRefresher}) and after a rebuild from a
   * snapshot, whose generated sessions may be past.
   */
  public synchronized void refreshGeneratedSessions() {
    boolean newDay = generated.startMove();
    long now = generated.now();
    ChangeBatch batch = new ChangeBatch(true, false);
    for (ParentNode node : graph.parents.values()) {
      boolean due =
          GeneratedSessions.speakFor(node)
              ? GeneratedSessions.due(node, newDay, now)
              : !node.generatedSlotIds.isEmpty();
      if (due && refreshGenerated(node, batch, true)) {
        batch.scheduleChanged(node.key);
      }
    }
    if (!batch.upserts.isEmpty() || !batch.deletions.isEmpty()) {
      log.info(
          "Generated sessions moved on: {} published, {} withdrawn",
          batch.upserts.keySet().stream().filter(r -> r.startsWith("Slot/")).count(),
          batch.deletions.size());
    }
    flush(batch, ResourceChanges.NO_VERSION);
  }

  /** Brings the parent's generated sessions up to date (see {@link GeneratedSessions#refresh}). */
  private boolean refreshGenerated(ParentNode node, ChangeBatch batch, boolean newOnly) {
    OpenActiveItem item = batch.publishing && GeneratedSessions.speakFor(node) ? parsed(node) : null;
    return generated.refresh(node, item, batch, newOnly);
  }

  /** Two stand-in slots marking the earliest start and latest end of the parent's published slots. */
  private List<Slot> horizon(ParentNode node) {
    long start = Math.min(node.ownStart, node.generatedStart);
    long end = Math.max(node.ownEnd, node.generatedEnd);
    for (ChildNode child : node.children) {
      if (child.slotId != null) {
        start = Math.min(start, child.start);
        end = Math.max(end, child.end);
      }
    }
    if (start == Long.MAX_VALUE || end == Long.MIN_VALUE) {
      return List.of();
    }
    return List.of(new Slot().setStart(new Date(start)), new Slot().setEnd(new Date(end)));
  }

  /** The parent's effective data, parsed; null when it has none. */
  private @Nullable OpenActiveItem parsed(ParentNode node) {
    ParentItem item = node.effective();
    return item == null ? null : parsedParents.get(item);
  }

  /**
   * Whether an embedded parent's new version carries the same data as the previous one: equal text, or
   * (rarely, e.g. its keys reordered) equal content.
   */
  private boolean sameData(ParentItem previous, ParentItem current, JsonNode currentData) {
    return previous.hasSameJson(current) || parsedParents.get(previous).data().equals(currentData);
  }

}
