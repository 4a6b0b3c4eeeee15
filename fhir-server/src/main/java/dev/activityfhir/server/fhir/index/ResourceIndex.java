package dev.activityfhir.server.fhir.index;

import ca.uhn.fhir.context.FhirContext;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activityfhir.server.collect.ByteBuilder;
import dev.activityfhir.server.directory.ResourceChanges;
import dev.activityfhir.server.directory.ResourceSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory copy of everything published, fed by harvesting through {@link ResourceSink} and read by the FHIR
 * providers.
 *
 * <p>Each resource is held as compressed JSON plus the search keys extracted once on arrival (see {@link
 * Indexed}); parsed resources are kept in a bounded Caffeine cache. A batch is applied under a write lock, so
 * readers ({@link #query}) see either all of a batch or none of it. Each content change bumps the resource's
 * version id.
 *
 * <p>Withdrawn resources are remembered so that a read can answer 410 Gone rather than 404 and a resource that
 * comes back continues its version ids; only the {@value #DEFAULT_WITHDRAWN_LIMIT} most recently withdrawn are
 * kept (Slots end and are withdrawn all the time). One withdrawn longer ago is {@link Presence#UNKNOWN}, so a read
 * answers 404, and if it is published again its versions start again at 1.
 *
 * <p>The whole index can be captured with {@link #snapshot()} (e.g. to save it with {@link IndexSnapshotFile})
 * and put back into an empty index with {@link #restore}, which is much faster than indexing every resource
 * again.
 */
public final class ResourceIndex implements ResourceSink {

  /** The resource types the index holds. */
  public static final Set<String> TYPES =
      Set.of("HealthcareService", "Location", "Schedule", "Slot", "Organization");

  /** Whether a resource id is known to the index. */
  public enum Presence {
    /** Published now. */
    LIVE,
    /** Published once, then withdrawn. */
    DELETED,
    /** Never published. */
    UNKNOWN
  }

  /** How many withdrawn resources the public constructors remember. */
  public static final int DEFAULT_WITHDRAWN_LIMIT = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(ResourceIndex.class);
  /** Batches at least this big are encoded in parallel. */
  private static final int PARALLEL_PREPARE = 64;
  private static final byte[] LAST_UPDATED = utf8("\"lastUpdated\":");

  private final ResourceCodec codec;
  private final DirectoryProfiles profiles = DirectoryProfiles.bundled();
  private final SearchKeyExtractor extractor = new SearchKeyExtractor();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final IndexView view = new IndexView();
  private final WithdrawnVersions withdrawn;
  private final Cache<Long, Resource> parsed;
  private final AtomicLong seq = new AtomicLong();
  /** When each batch arrived, for {@link #history}. */
  private final ChangeClock clock = new ChangeClock(DEFAULT_WITHDRAWN_LIMIT);
  /** When the batch being applied arrived (under the write lock). */
  private long batchMillis;
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
  private volatile long generation;
  private volatile long storeVersion = ResourceChanges.NO_VERSION;

  /**
   * An empty index.
   *
   * @param fhirContext the R4 context used to encode and parse resources
   * @param parsedCacheSize how many parsed resources to keep (the hot set of reads)
   */
  public ResourceIndex(FhirContext fhirContext, long parsedCacheSize) {
    this(fhirContext, parsedCacheSize, DEFAULT_WITHDRAWN_LIMIT);
  }

  ResourceIndex(FhirContext fhirContext, long parsedCacheSize, int withdrawnLimit) {
    this.codec = new ResourceCodec(fhirContext);
    this.parsed = Caffeine.newBuilder().maximumSize(parsedCacheSize).build();
    this.withdrawn = new WithdrawnVersions(withdrawnLimit);
  }

  /**
   * An empty index keeping up to 500 parsed resources: a parsed HealthcareService takes tens of kilobytes, a miss
   * costs only an inflate and a parse, and only reads and pages HAPI encodes itself (XML, {@code _summary}, {@code
   * _elements}) parse: JSON search pages are written from the stored JSON ({@link #renderedJson}).
   */
  public ResourceIndex(FhirContext fhirContext) {
    this(fhirContext, 500);
  }

  @Override
  public void apply(ResourceChanges changes) {
    if (changes.isEmpty()) {
      if (changes.storeVersion() != ResourceChanges.NO_VERSION) {
        lock.writeLock().lock();
        try {
          storeVersion = changes.storeVersion();
        } finally {
          lock.writeLock().unlock();
        }
      }
      return;
    }
    // Encoding and key extraction are the expensive part: do them before taking the lock, on every core for a
    // harvested page (order kept: a batch may hold two versions of one resource).
    List<Resource> upserts = changes.upserts();
    List<Prepared> prepared =
        (upserts.size() >= PARALLEL_PREPARE ? upserts.parallelStream() : upserts.stream())
            .map(this::prepare)
            .filter(Objects::nonNull)
            .toList();
    lock.writeLock().lock();
    try {
      batchMillis = clock.batch(seq.get(), System.currentTimeMillis());
      for (Prepared p : prepared) {
        upsert(p);
      }
      for (String deletion : changes.deletions()) {
        delete(deletion);
      }
      if (changes.storeVersion() != ResourceChanges.NO_VERSION) {
        storeVersion = changes.storeVersion();
      }
      generation++;
    } finally {
      lock.writeLock().unlock();
    }
    notifyListeners();
  }

  /** Runs a query against one consistent state of the index (under the read lock: keep it short, no I/O). */
  public <T> T query(Function<IndexView, T> query) {
    lock.readLock().lock();
    try {
      return query.apply(view);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The changes to the resources of {@code type} that reached the index at or after {@code sinceMillis} (by the
   * index's own clock: when a harvested change arrived, not the publisher's {@code meta.lastUpdated}), the most
   * recent first: the live resources changed since, then the withdrawals since. With {@code atMillis} instead
   * (not null), the live resources whose current version had arrived by then.
   */
  public History history(String type, long sinceMillis, @Nullable Long atMillis) {
    return query(
        view -> {
          long threshold = atMillis == null ? clock.seqThreshold(sinceMillis) : 0;
          long until = atMillis == null ? Long.MAX_VALUE : atMillis;
          List<History.Change> changes = new ArrayList<>();
          for (Indexed<?> entry : view.map(type).values()) {
            if (entry.seq() > threshold) {
              long arrived = clock.millisOf(entry.seq(), entry.lastUpdatedMillis());
              if (arrived <= until) {
                changes.add(new History.Change(entry.id(), entry, entry.version(), arrived));
              }
            }
          }
          changes.sort(
              Comparator.comparingLong((History.Change c) -> c.entry().seq()).reversed());
          if (atMillis == null) {
            for (WithdrawnVersions.Withdrawal w : withdrawn.since(type, sinceMillis)) {
              changes.add(
                  new History.Change(
                      w.reference().substring(type.length() + 1), null, w.version(), w.atMillis()));
            }
          }
          // Without _since a copy starts afresh from the live resources, which needs no withdrawal.
          boolean complete =
              atMillis != null
                  || sinceMillis == Long.MIN_VALUE
                  || sinceMillis > withdrawn.forgottenUpToMillis();
          return new History(changes, clock.nextMillis(), complete);
        });
  }

  /** A number that changes whenever a batch changed the index; search caches use it as part of their keys. */
  public long generation() {
    return generation;
  }

  /**
   * The harvest store's version that the index shows (see {@code HarvestStore#version()}), or {@link
   * ResourceChanges#NO_VERSION} before any versioned batch.
   */
  public long storeVersion() {
    return storeVersion;
  }

  /** Registers an action run after every applied batch (e.g. to clear a search-page cache). */
  public void addChangeListener(Runnable listener) {
    changeListeners.add(listener);
  }

  /** Whether {@code type/id} is live, withdrawn or never seen. */
  public Presence presence(String type, String id) {
    return query(
        v -> {
          if (v.get(type, id) != null) {
            return Presence.LIVE;
          }
          return withdrawn.contains(type + "/" + id) ? Presence.DELETED : Presence.UNKNOWN;
        });
  }

  /** A fresh copy of the live resource {@code type/id}, with its version id set, or null. */
  public @Nullable Resource read(String type, String id) {
    Indexed<?> entry = query(v -> v.get(type, id));
    return entry == null ? null : render(type, entry);
  }

  /**
   * A fresh copy (the caller may change it) of an indexed resource, with {@code id} and {@code meta.versionId}
   * set to its version and {@code meta.profile} to its type's profile in the FHIR package.
   */
  public Resource render(String type, Indexed<?> entry) {
    Resource template =
        parsed.get(
            entry.seq(),
            k -> {
              Resource r = codec.decode(entry.body());
              r.setId(new IdType(type, entry.id(), Integer.toString(entry.version())));
              r.getMeta().setVersionId(Integer.toString(entry.version()));
              if (!r.getMeta().hasLastUpdated()) {
                r.getMeta().setLastUpdated(new Date(entry.lastUpdatedMillis()));
              }
              profiles.stamp(r);
              return r;
            });
    return template.copy();
  }

  /**
   * Appends the JSON (UTF-8) HAPI writes for {@link #render}'s copy of an entry, made without parsing: the stored
   * JSON with {@code meta.versionId} put first in {@code meta} and {@code meta.profile} after {@code source}, where
   * HAPI writes them. Appends nothing and answers false when the stored JSON does not begin as the index's own does
   * ({@code resourceType}, {@code id}, then {@code meta} starting with {@code lastUpdated}, then at most {@code
   * source} before any {@code security} or {@code tag}); encode the rendered copy then.
   */
  public boolean appendRenderedJson(String type, Indexed<?> entry, ByteBuilder out) {
    int start = out.length();
    codec.appendJson(entry.body(), out);
    byte[] head = utf8("{\"resourceType\":\"" + type + "\",\"id\":\"" + entry.id() + "\",\"meta\":{");
    int meta = start + head.length;
    if (!out.startsWith(head, start)
        || !out.startsWith(LAST_UPDATED, meta)
        || !profiles.splice(type, out, meta)) {
      out.truncate(start);
      return false;
    }
    out.insert(meta, utf8("\"versionId\":\"" + entry.version() + "\","));
    return true;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }


  /**
   * Everything the index holds now: the live entries of each type in the order they were indexed, the
   * remembered withdrawn versions and {@link #storeVersion()}. Cheap: the entries are immutable and shared, only
   * references are copied (under the read lock; the sorting happens after it is released).
   */
  public IndexSnapshot snapshot() {
    List<Indexed<ServiceKeys>> services;
    List<Indexed<LocationKeys>> locations;
    List<Indexed<ScheduleKeys>> schedules;
    List<Indexed<OrganizationKeys>> organizations;
    List<Indexed<SlotKeys>> slots;
    Map<String, Integer> withdrawnVersions;
    long version;
    lock.readLock().lock();
    try {
      services = new ArrayList<>(view.services.values());
      locations = new ArrayList<>(view.locations.values());
      schedules = new ArrayList<>(view.schedules.values());
      organizations = new ArrayList<>(view.organizations.values());
      slots = new ArrayList<>(view.slots.values());
      withdrawnVersions = withdrawn.copy();
      version = storeVersion;
    } finally {
      lock.readLock().unlock();
    }
    return new IndexSnapshot(
        inIndexingOrder(services),
        inIndexingOrder(locations),
        inIndexingOrder(schedules),
        inIndexingOrder(organizations),
        inIndexingOrder(slots),
        withdrawnVersions,
        version);
  }

  /**
   * Fills an empty index with a snapshot: the same entries (versions, lastUpdated, bodies, keys), withdrawn
   * versions and store version, so that it answers every query as the index the snapshot was taken from. Bumps
   * {@link #generation()} and runs the change listeners.
   *
   * @throws IllegalStateException if the index holds a resource or a withdrawn version already
   */
  public void restore(IndexSnapshot snapshot) {
    lock.writeLock().lock();
    try {
      if (!withdrawn.isEmpty() || TYPES.stream().anyMatch(type -> !view.map(type).isEmpty())) {
        throw new IllegalStateException("A snapshot can only be restored into an empty index");
      }
      // Same maintenance of the secondary maps as upserts, and in the original order (see IndexSnapshot).
      snapshot.services().forEach(view::putService);
      snapshot.locations().forEach(view::putLocation);
      snapshot.schedules().forEach(view::putSchedule);
      snapshot.organizations().forEach(e -> view.organizations.put(e.id(), e));
      view.presizeSlots(snapshot.slots().size(), snapshot.schedules().size());
      snapshot.slots().forEach(view::putSlot);
      // A snapshot keeps no times: its content and withdrawals count as arriving now (a poller re-reads them).
      long restoredAt = clock.batch(0, System.currentTimeMillis());
      snapshot.withdrawn().forEach((reference, version) -> withdrawn.add(reference, version, restoredAt));
      // Seqs key the parsed-resource cache: new content must never reuse a restored one.
      long maxSeq = seq.get();
      for (String type : TYPES) {
        for (Indexed<?> entry : view.map(type).values()) {
          maxSeq = Math.max(maxSeq, entry.seq());
        }
      }
      seq.set(maxSeq);
      storeVersion = snapshot.storeVersion();
      generation++;
    } finally {
      lock.writeLock().unlock();
    }
    notifyListeners();
  }

  /** The number of live resources of a type. */
  public int size(String type) {
    return query(v -> v.map(type).size());
  }

  private void notifyListeners() {
    for (Runnable listener : changeListeners) {
      listener.run();
    }
  }

  private @Nullable Prepared prepare(Resource resource) {
    String type = resource.fhirType();
    String id = resource.getIdElement().getIdPart();
    if (!TYPES.contains(type) || id == null) {
      LOG.warn("Ignoring an upsert the index cannot hold: {}/{}", type, id);
      return null;
    }
    Resource stored = resource;
    if (resource.getMeta().hasVersionId() || resource.getIdElement().hasVersionIdPart()) {
      // The index owns version ids; compare and store content without them.
      stored = resource.copy();
      stored.getMeta().setVersionId(null);
      stored.setId(id);
    }
    Object keys =
        switch (type) {
          case "HealthcareService" -> extractor.service((HealthcareService) resource);
          case "Location" -> extractor.location((Location) resource);
          case "Schedule" -> extractor.schedule((Schedule) resource);
          case "Slot" -> extractor.slot((Slot) resource);
          default -> extractor.organization((Organization) resource);
        };
    long lastUpdated =
        resource.getMeta().hasLastUpdated()
            ? resource.getMeta().getLastUpdated().getTime()
            : System.currentTimeMillis();
    return new Prepared(type, id, lastUpdated, codec.encode(stored), keys);
  }

  private void upsert(Prepared p) {
    Indexed<?> existing = view.get(p.type(), p.id());
    if (existing != null && Arrays.equals(existing.body(), p.body())) {
      return;
    }
    int version;
    if (existing != null) {
      version = existing.version() + 1;
      parsed.invalidate(existing.seq());
    } else {
      version = withdrawn.remove(p.type() + "/" + p.id()) + 1;
    }
    long s = seq.incrementAndGet();
    switch (p.type()) {
      case "HealthcareService" -> view.putService(indexed(p, version, s, (ServiceKeys) p.keys()));
      case "Location" -> view.putLocation(indexed(p, version, s, (LocationKeys) p.keys()));
      case "Schedule" -> view.putSchedule(indexed(p, version, s, (ScheduleKeys) p.keys()));
      case "Organization" ->
          view.organizations.put(p.id(), indexed(p, version, s, (OrganizationKeys) p.keys()));
      default -> view.putSlot(indexed(p, version, s, (SlotKeys) p.keys()));
    }
  }

  @SuppressWarnings("unchecked")
  private void delete(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0 || !TYPES.contains(reference.substring(0, slash))) {
      LOG.warn("Ignoring a deletion the index cannot hold: {}", reference);
      return;
    }
    String type = reference.substring(0, slash);
    String id = reference.substring(slash + 1);
    Indexed<?> removed = view.map(type).get(id);
    if (removed == null) {
      return;
    }
    if ("Location".equals(type)) {
      view.removeLocation(id);
    } else if ("Schedule".equals(type)) {
      view.removeSchedule(id);
    } else {
      view.map(type).remove(id);
    }
    parsed.invalidate(removed.seq());
    withdrawn.add(type + "/" + id, removed.version(), batchMillis);
    if ("Slot".equals(type)) {
      view.removeSlotFromSchedule(((Indexed<SlotKeys>) removed).keys().scheduleId(), id);
    } else if ("HealthcareService".equals(type)) {
      view.unlinkService((Indexed<ServiceKeys>) removed);
    }
  }

  private static <K> List<Indexed<K>> inIndexingOrder(List<Indexed<K>> entries) {
    entries.sort(Comparator.comparingLong(Indexed::seq));
    return entries;
  }

  private static <K> Indexed<K> indexed(Prepared p, int version, long seq, K keys) {
    return new Indexed<>(p.id(), version, p.lastUpdatedMillis(), seq, p.body(), keys);
  }

  private record Prepared(String type, String id, long lastUpdatedMillis, byte[] body, Object keys) {}
}
