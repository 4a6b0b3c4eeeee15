package dev.activityfhir.server.demo;

import java.util.Optional;

/** The four RPDE feeds of the demo dataset, with their URL path segment and ordering strategy. */
public enum DemoFeed {
  SESSION_SERIES("session-series", "SessionSeries", Ordering.MODIFIED_ID),
  SCHEDULED_SESSIONS("scheduled-sessions", "ScheduledSession", Ordering.MODIFIED_ID),
  FACILITY_USES("facility-uses", "FacilityUse", Ordering.CHANGE_NUMBER),
  SLOTS("slots", "Slot", Ordering.CHANGE_NUMBER);

  /** RPDE ordering strategies (RPDE 1.0 section "Ordering strategies"). */
  public enum Ordering {
    /** Query parameters {@code afterTimestamp} and {@code afterId}. */
    MODIFIED_ID,
    /** Query parameter {@code afterChangeNumber}. */
    CHANGE_NUMBER
  }

  private final String path;
  private final String type;
  private final Ordering ordering;

  DemoFeed(String path, String type, Ordering ordering) {
    this.path = path;
    this.type = type;
    this.ordering = ordering;
  }

  /** The last path segment under {@code /demo/feeds/}. */
  public String path() {
    return path;
  }

  /** The OpenActive {@code @type} of the feed's items (also used as RPDE {@code kind}). */
  public String type() {
    return type;
  }

  /** How the feed pages. */
  public Ordering ordering() {
    return ordering;
  }

  /** The feed served at that path segment, if any. */
  public static Optional<DemoFeed> byPath(String path) {
    for (DemoFeed feed : values()) {
      if (feed.path.equals(path)) {
        return Optional.of(feed);
      }
    }
    return Optional.empty();
  }
}
