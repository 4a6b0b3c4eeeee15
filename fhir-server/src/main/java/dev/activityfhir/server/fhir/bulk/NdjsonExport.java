package dev.activityfhir.server.fhir.bulk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import dev.activityfhir.server.collect.ByteBuilder;
import dev.activityfhir.server.fhir.index.History;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.index.ScheduleKeys;
import dev.activityfhir.server.fhir.index.SlotKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.jspecify.annotations.Nullable;

/**
 * Writes one bulk file: the live resources of its type that reached the index at or after a given instant (all
 * of them from {@link Long#MIN_VALUE}), one minified JSON resource a line, shaped by {@link SchedulingLinks}. The
 * list of entries is taken from the index at once; each line is rendered and written as the stream goes, so the
 * file is never held whole in memory. Withdrawn resources are not listed (type-level {@code _history} shows them).
 */
final class NdjsonExport {

  /** Lines are gathered up to this size, then written. */
  private static final int FLUSH_BYTES = 64 * 1024;

  private final ResourceIndex index;

  NdjsonExport(ResourceIndex index) {
    this.index = index;
  }

  /** Writes {@code file}'s lines changed since {@code sinceMillis} to {@code out}; answers how many. */
  int write(BulkFile file, long sinceMillis, OutputStream out) throws IOException {
    History history = index.history(file.type(), sinceMillis, null);
    IParser parser = FhirContext.forR4Cached().newJsonParser();
    Map<String, Optional<String>> phoneBySchedule = new HashMap<>();
    ByteBuilder lines = new ByteBuilder(FLUSH_BYTES + 8192);
    int count = 0;
    for (History.Change change : history.changes()) {
      Indexed<?> entry = change.entry();
      if (entry == null) {
        continue; // a withdrawal
      }
      switch (file) {
        case LOCATION -> appendLocation(entry, parser, lines);
        case SCHEDULE ->
            append(SchedulingLinks.locationFirst((Schedule) index.render("Schedule", entry)), parser, lines);
        case SLOT -> {
          String scheduleId = ((SlotKeys) entry.keys()).scheduleId();
          String phone =
              scheduleId == null
                  ? null
                  : phoneBySchedule.computeIfAbsent(scheduleId, id -> Optional.ofNullable(phoneOf(id))).orElse(null);
          append(SchedulingLinks.forPublication((Slot) index.render("Slot", entry), phone), parser, lines);
        }
      }
      lines.write('\n');
      count++;
      if (lines.length() >= FLUSH_BYTES) {
        out.write(lines.array(), 0, lines.length());
        lines.truncate(0);
      }
    }
    out.write(lines.array(), 0, lines.length());
    return count;
  }

  /** A Location is published as the directory serves it: its stored JSON, copied without parsing when it can be. */
  private void appendLocation(Indexed<?> entry, IParser parser, ByteBuilder lines) {
    if (!index.appendRenderedJson("Location", entry, lines)) {
      append(index.render("Location", entry), parser, lines);
    }
  }

  private static void append(Resource resource, IParser parser, ByteBuilder lines) {
    lines.write(parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
  }

  /** The phone number of the schedule's Location, where its sessions are booked, or null. */
  private @Nullable String phoneOf(String scheduleId) {
    Indexed<ScheduleKeys> schedule = index.query(view -> view.schedule(scheduleId));
    if (schedule == null) {
      return null;
    }
    for (String actor : schedule.keys().actors()) {
      if (actor.startsWith("Location/")) {
        Resource location = index.read("Location", actor.substring("Location/".length()));
        if (location instanceof Location place) {
          for (ContactPoint telecom : place.getTelecom()) {
            if (telecom.getSystem() == ContactPoint.ContactPointSystem.PHONE && telecom.hasValue()) {
              return telecom.getValue();
            }
          }
        }
      }
    }
    return null;
  }
}
