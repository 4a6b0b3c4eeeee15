package dev.activityfhir.server.fhir.index;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Search keys of a HealthcareService.
 *
 * @param nameKey {@link TextKey} of the name
 * @param typeCodes activity-list codes of {@code type}
 * @param typeTokens every {@code type} coding as {@code system|code}
 * @param typeTextKeys {@link TextKey}s of the type codings' displays and texts
 * @param locationIds ids of the referenced Locations
 * @param organizationId id of the providing Organization, if any
 * @param active whether the service is active (absent counts as active)
 * @param characteristics every characteristic coding as {@code system|code}
 * @param ageLow lowest eligible age in years, or -1 when open or unknown
 * @param ageHigh highest eligible age in years, or -1 when open or unknown
 * @param gender gender-restriction code ({@code NoRestriction}, {@code MaleOnly}, {@code FemaleOnly}) or null
 * @param times the available times
 * @param prices the prices of the offers
 */
public record ServiceKeys(
    String nameKey,
    List<String> typeCodes,
    List<String> typeTokens,
    List<String> typeTextKeys,
    List<String> locationIds,
    @Nullable String organizationId,
    boolean active,
    List<String> characteristics,
    int ageLow,
    int ageHigh,
    @Nullable String gender,
    List<AvailableTime> times,
    double[] prices) {}
