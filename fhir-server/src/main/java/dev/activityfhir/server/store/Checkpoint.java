package dev.activityfhir.server.store;

import java.time.Instant;

/**
 * Where harvesting of a feed resumes.
 *
 * @param nextUrl the last {@code next} URL the feed gave (the last page's own URL once caught up)
 * @param updatedAt when the page that gave it was applied
 */
public record Checkpoint(String nextUrl, Instant updatedAt) {}
