package dev.activityfhir.server.demo;

import dev.activityfhir.mapping.AccessibilitySupportList;
import dev.activityfhir.mapping.ActivityList;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A generated, deterministic OpenActive dataset of fictional London activity sessions ("demo data"), served as
 * four RPDE feeds (see {@link DemoFeed}).
 *
 * <p>Nothing is materialised: each feed is an indexed sequence whose entry {@code i} is generated on demand
 * from (seed, London date of {@code now}, feed, i), so the 400,000-session bench dataset costs no more memory
 * than the 320-series demo. The same seed and the same London day give byte-identical JSON. Entries are in
 * RPDE order; each feed ends with {@code deleted} tombstones: a few withdrawn series and facilities, and
 * the sessions and slots of the last seven days, which left the moving window.
 *
 * <p>The data uses real activity-list and accessibility-support concepts and real postcode district
 * centroids (bundled, see the README beside the resources); venues, providers and sessions are invented
 * and every name says "[Demo]".
 */
public final class DemoDataset {

  /** Base of every generated JSON-LD {@code @id} and booking {@code url}. */
  public static final String DEFAULT_ID_BASE = "https://demo.activityfhir.dev/openactive/";

  /** The seed of the bundled demo dataset. */
  public static final long DEFAULT_SEED = 20_251_125L;

  private final DemoSize size;
  private final DemoItems items;
  private final LocalDate firstDate;
  private final long modifiedBase;
  private final int[] sessionOffsets;
  private final int seriesTombstones;
  private final int facilityTombstones;
  /** Session tombstones: series index and how many days before tomorrow the withdrawn session took place. */
  private final int[] pastSessionSeries;
  private final byte[] pastSessionDaysBack;

  private DemoDataset(DemoSize size, Instant now, long seed) {
    this.size = size;
    this.firstDate = LocalDate.ofInstant(now, DemoItems.LONDON).plusDays(1);
    // modified values are millisecond-scale numbers that grow each day, because the 8-week window (and with
    // it every session) moves on each day; within a day the data, and so every modified, is stable.
    this.modifiedBase = firstDate.minusDays(1).atStartOfDay(DemoItems.LONDON).toInstant().toEpochMilli();
    int series = size.sessionSeries();
    int[] days = new int[series];
    sessionOffsets = new int[series + 1];
    long weeklySessions = size.scheduledSessions() / DemoItems.WEEKS;
    for (int i = 0; i < series; i++) {
      // Spread the weekly sessions over the series as evenly as integers allow (1 to 7 days each).
      days[i] = (int) ((i + 1) * weeklySessions / series - i * weeklySessions / series);
      sessionOffsets[i + 1] = sessionOffsets[i] + days[i] * DemoItems.WEEKS;
    }
    this.items = new DemoItems(seed, DEFAULT_ID_BASE, firstDate, Bundled.DISTRICTS, Bundled.ACTIVITIES,
        Bundled.ACCESSIBILITY, days);
    this.seriesTombstones = Math.max(2, series / 100);
    this.facilityTombstones = 1;
    // Each day the window moves on, the sessions of the day that passed leave the feed. RPDE wants deletions
    // published as tombstones for at least seven days, so the sessions of the last seven days (today
    // included) are listed as deleted: a harvester that kept yesterday's data removes exactly those.
    int[] weekdayMasks = new int[series];
    for (int i = 0; i < series; i++) {
      for (DayOfWeek day : items.plan(i).days()) {
        weekdayMasks[i] |= 1 << day.ordinal();
      }
    }
    int pastCount = sessionOffsets[series] / DemoItems.WEEKS;
    this.pastSessionSeries = new int[pastCount];
    this.pastSessionDaysBack = new byte[pastCount];
    int next = 0;
    for (int back = TOMBSTONE_DAYS; back >= 1; back--) {
      int weekday = firstDate.minusDays(back).getDayOfWeek().ordinal();
      for (int i = 0; i < series; i++) {
        if ((weekdayMasks[i] & (1 << weekday)) != 0) {
          pastSessionSeries[next] = i;
          pastSessionDaysBack[next] = (byte) back;
          next++;
        }
      }
    }
  }

  /** Days of withdrawn sessions and slots kept as tombstones. */
  private static final int TOMBSTONE_DAYS = 7;

  /** The bundled demo dataset as of {@code now} with the default seed. */
  public static DemoDataset generate(DemoSize size, Instant now) {
    return generate(size, now, DEFAULT_SEED);
  }

  /** A dataset of that size for the London day of {@code now}, drawn with {@code seed}. */
  public static DemoDataset generate(DemoSize size, Instant now, long seed) {
    return new DemoDataset(size, now, seed);
  }

  /** The requested size. */
  public DemoSize size() {
    return size;
  }

  /** The first day (Europe/London) of the eight-week window of ScheduledSessions and facility Slots. */
  public LocalDate firstDate() {
    return firstDate;
  }

  /** Number of live (updated) items in a feed. */
  public int liveCount(DemoFeed feed) {
    return switch (feed) {
      case SESSION_SERIES -> size.sessionSeries();
      case SCHEDULED_SESSIONS -> sessionOffsets[size.sessionSeries()];
      case FACILITY_USES -> size.facilityUses();
      case SLOTS -> size.facilityUses() * size.slotsPerFacilityUse();
    };
  }

  /** Number of entries in a feed, tombstones included. */
  public int count(DemoFeed feed) {
    return liveCount(feed) + tombstones(feed);
  }

  private int tombstones(DemoFeed feed) {
    return switch (feed) {
      case SESSION_SERIES -> seriesTombstones;
      case SCHEDULED_SESSIONS -> pastSessionSeries.length;
      case FACILITY_USES -> facilityTombstones;
      case SLOTS -> TOMBSTONE_DAYS * size.facilityUses() * DemoItems.SLOTS_PER_DAY;
    };
  }

  /** Entry {@code index} (0-based, in RPDE order) of a feed, generated now. */
  public FeedEntry entry(DemoFeed feed, int index) {
    checkIndex(feed, index);
    return new FeedEntry(idAt(feed, index), modifiedAt(feed, index), feed.type(),
        index < liveCount(feed) ? data(feed, index) : null);
  }

  /** All entries of a feed, generated lazily in order. */
  public Stream<FeedEntry> entries(DemoFeed feed) {
    return IntStream.range(0, count(feed)).mapToObj(i -> entry(feed, i));
  }

  /**
   * The index of the first entry after the given RPDE position: for "modified + id" feeds the first whose
   * (modified, id) sorts after ({@code modified}, {@code id}); for change-number feeds ({@code id} ignored) the
   * first whose modified exceeds {@code modified}. Returns {@link #count} when none does.
   */
  public int indexAfter(DemoFeed feed, long modified, String id) {
    int low = 0;
    int high = count(feed);
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (after(feed, middle, modified, id)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  private boolean after(DemoFeed feed, int index, long modified, String id) {
    long entryModified = modifiedAt(feed, index);
    if (entryModified != modified || feed.ordering() == DemoFeed.Ordering.CHANGE_NUMBER) {
      return entryModified > modified;
    }
    return idAt(feed, index).compareTo(id) > 0;
  }

  private void checkIndex(DemoFeed feed, int index) {
    if (index < 0 || index >= count(feed)) {
      throw new IndexOutOfBoundsException(feed + " has " + count(feed) + " entries, not " + index);
    }
  }

  /**
   * RPDE modified: the "modified + id" feeds share a value between neighbouring items (so that paging really
   * needs afterId), change-number feeds count up; tombstones come last, most recently changed.
   */
  long modifiedAt(DemoFeed feed, int index) {
    int live = liveCount(feed);
    int group = switch (feed) {
      case SESSION_SERIES -> 2;
      case SCHEDULED_SESSIONS -> 4;
      case FACILITY_USES, SLOTS -> 1;
    };
    if (index < live) {
      return modifiedBase + index / group;
    }
    return modifiedBase + (live - 1) / group + 1 + (index - live);
  }

  String idAt(DemoFeed feed, int index) {
    int live = liveCount(feed);
    boolean tombstone = index >= live;
    int ordinal = tombstone ? index - live : index;
    return switch (feed) {
      case SESSION_SERIES -> DemoItems.rpdeId(index);
      case SCHEDULED_SESSIONS -> {
        if (tombstone) {
          int series = pastSessionSeries[ordinal];
          LocalDate date = firstDate.minusDays(pastSessionDaysBack[ordinal]);
          yield DemoItems.sessionRpdeId(series, date.atTime(items.plan(series).start()));
        }
        int series = seriesOfSession(index);
        yield DemoItems.sessionRpdeId(series,
            items.occurrenceStart(items.plan(series), index - sessionOffsets[series]));
      }
      case FACILITY_USES -> String.format(Locale.ROOT, "%04d", index);
      case SLOTS -> {
        if (tombstone) {
          int perDay = size.facilityUses() * DemoItems.SLOTS_PER_DAY;
          LocalDate date = firstDate.minusDays(TOMBSTONE_DAYS - ordinal / perDay);
          int facility = ordinal % perDay / DemoItems.SLOTS_PER_DAY;
          LocalDateTime past = date.atTime(9 + ordinal % DemoItems.SLOTS_PER_DAY, 0);
          yield String.format(Locale.ROOT, "%04d-%s", facility, DemoItems.stamp(past));
        }
        int facility = index / size.slotsPerFacilityUse();
        int slot = index % size.slotsPerFacilityUse();
        yield String.format(Locale.ROOT, "%04d-%s", facility,
            DemoItems.stamp(items.slotStart(slot)));
      }
    };
  }

  private ObjectNode data(DemoFeed feed, int index) {
    return switch (feed) {
      case SESSION_SERIES -> items.sessionSeries(index);
      case SCHEDULED_SESSIONS -> {
        int series = seriesOfSession(index);
        yield items.scheduledSession(items.plan(series), index - sessionOffsets[series]);
      }
      case FACILITY_USES -> items.facilityUse(index);
      case SLOTS -> items.slot(index / size.slotsPerFacilityUse(), index % size.slotsPerFacilityUse());
    };
  }

  private int seriesOfSession(int sessionIndex) {
    int low = 0;
    int high = size.sessionSeries() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (sessionOffsets[middle] <= sessionIndex) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /** Bundled reference data, read once per JVM. */
  private static final class Bundled {
    static final List<District> DISTRICTS = LondonDistricts.load();
    static final ConceptList ACTIVITIES = ConceptList.of(ActivityList.SYSTEM, ActivityList.bundled().concepts());
    static final ConceptList ACCESSIBILITY = ConceptList.of(
            AccessibilitySupportList.SYSTEM, AccessibilitySupportList.bundled().concepts());

    static {
      // Fail at first use, not in the middle of a feed walk, if a catalogue label is not in the list.
      Catalogue.ACTIVITIES.forEach(a -> ACTIVITIES.byLabel(a.prefLabel()));
      Catalogue.FACILITY_ACTIVITIES.forEach(a -> ACTIVITIES.byLabel(a.prefLabel()));
      Catalogue.ACCESSIBILITY.forEach(ACCESSIBILITY::byLabel);
    }
  }
}
