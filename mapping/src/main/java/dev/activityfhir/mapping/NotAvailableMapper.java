package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService.HealthcareServiceNotAvailableComponent;
import org.hl7.fhir.r4.model.Period;

/**
 * {@code eventSchedule[].exceptDate} to {@code HealthcareService.notAvailable}, one entry per
 * skipped day. Exceptions are matched by their Europe/London local date: publishers give them as
 * dates, or as UTC date-times that need not equal the computed occurrence instant.
 */
final class NotAvailableMapper {

  private static final DateTimeFormatter WORDS =
      DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.UK);

  List<HealthcareServiceNotAvailableComponent> map(JsonNode data) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (JsonNode schedule : JsonLd.list(data, "eventSchedule")) {
      for (JsonNode except : JsonLd.list(schedule, "exceptDate")) {
        localDate(except.asText()).ifPresent(dates::add);
      }
    }
    List<HealthcareServiceNotAvailableComponent> result = new ArrayList<>();
    for (LocalDate date : dates) {
      HealthcareServiceNotAvailableComponent entry = new HealthcareServiceNotAvailableComponent();
      entry.setDescription("No session on " + date.format(WORDS));
      entry.setDuring(
          new Period()
              .setStartElement(new DateTimeType(date.toString()))
              .setEndElement(new DateTimeType(date.toString())));
      result.add(entry);
    }
    return result;
  }

  static Optional<LocalDate> localDate(String text) {
    try {
      return Optional.of(LocalDate.parse(text.trim()));
    } catch (DateTimeParseException notADate) {
      return EventTimes.instant(text, false).map(i -> i.atZone(EventTimes.LONDON).toLocalDate());
    }
  }
}
