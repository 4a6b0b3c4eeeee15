package dev.activityfhir.server.fhir.search;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A HealthcareService search: every given criterion must hold.
 *
 * @param ids {@code _id}: any of these ids (empty = any)
 * @param names {@code name}, with {@code :exact} or {@code :contains}: the name satisfies any of these (empty =
 *     any)
 * @param serviceTypes {@code service-type} (with {@code :below} already expanded to the narrower codes): every
 *     group (AND) has a token (OR) matching a {@code type} coding
 * @param serviceTypeTexts {@code service-type:text}: every text key (AND) occurs in a type's display or text
 * @param locationIds {@code location}: at any of these Locations (empty = any)
 * @param organizationIds {@code organization}: provided by any of these Organizations (empty = any)
 * @param active {@code active}, or null for either
 * @param characteristics {@code characteristic}: every group (AND) has a token (OR) matching a characteristic
 * @param near {@code location.near} or {@code postcode}: one of its Locations within the distance; nearest first
 * @param age {@code age}: eligible at this age in years (no published range = no age restriction)
 * @param gender {@code gender}: {@code male} or {@code female}; open to all or restricted to that gender
 * @param dayMask {@code day-of-week}: runs on any of these days (bits as {@link
 *     dev.activityfhir.server.fhir.index.AvailableTime#dayMask()}); 0 = any
 * @param timesOfDay {@code time-of-day}: one available time (on a requested day) satisfies all of them
 * @param prices {@code price}: one offer's price satisfies all of them
 * @param available {@code available}: one free Slot of one of the service's Schedules starts at a time satisfying
 *     all of them (empty = any service)
 */
public record HealthcareServiceSearchParams(
    Set<String> ids,
    List<TextCriterion> names,
    List<List<TokenCriterion>> serviceTypes,
    List<String> serviceTypeTexts,
    Set<String> locationIds,
    Set<String> organizationIds,
    @Nullable Boolean active,
    List<List<TokenCriterion>> characteristics,
    @Nullable Near near,
    @Nullable Integer age,
    @Nullable String gender,
    int dayMask,
    List<TimeOfDayCriterion> timesOfDay,
    List<NumberCriterion> prices,
    List<DateCriterion> available) {

  public HealthcareServiceSearchParams {
    ids = Set.copyOf(ids);
    names = List.copyOf(names);
    serviceTypes = serviceTypes.stream().map(List::copyOf).toList();
    serviceTypeTexts = List.copyOf(serviceTypeTexts);
    locationIds = Set.copyOf(locationIds);
    organizationIds = Set.copyOf(organizationIds);
    characteristics = characteristics.stream().map(List::copyOf).toList();
    timesOfDay = List.copyOf(timesOfDay);
    prices = List.copyOf(prices);
    available = List.copyOf(available);
  }

  /** A search with no criteria: matches every service. */
  public static HealthcareServiceSearchParams any() {
    return new HealthcareServiceSearchParams(
        Set.of(), List.of(), List.of(), List.of(), Set.of(), Set.of(), null, List.of(), null, null, null, 0,
        List.of(), List.of(), List.of());
  }
}
