package dev.activityfhir.server.fhir.index;

/**
 * Search keys of an Organization.
 *
 * @param nameKey {@link TextKey} of the name
 */
public record OrganizationKeys(String nameKey) {}
