package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The practical free-text details a link worker needs, as markdown for {@code
 * HealthcareService.extraDetails}: attendee instructions, meeting point, accessibility information
 * and scheduling note.
 */
final class ExtraDetails {

  private static final String[][] SECTIONS = {
    {"attendeeInstructions", "What to bring"},
    {"meetingPoint", "Meeting point"},
    {"accessibilityInformation", "Accessibility"},
    {"schedulingNote", "Scheduling note"},
  };

  private ExtraDetails() {}

  static @Nullable String of(JsonNode view) {
    List<String> parts = new ArrayList<>();
    for (String[] section : SECTIONS) {
      String text = JsonLd.text(view, section[0]);
      if (text != null) {
        parts.add("**" + section[1] + ":** " + text);
      }
    }
    return parts.isEmpty() ? null : String.join("\n\n", parts);
  }
}
