package dev.activityfhir.server.fhir.index;

import java.time.Instant;

/**
 * One published resource as the index holds it: compressed JSON plus the search keys extracted when it arrived.
 *
 * @param id the logical id
 * @param version the version id, bumped each time the content changes
 * @param lastUpdated {@code meta.lastUpdated} of the resource (or the time it was indexed when absent)
 * @param seq a number unique to this content version across the whole index, the key of the parsed-resource cache
 * @param body the resource as deflated JSON
 * @param keys the search keys of the resource
 * @param <K> the type of the search keys
 */
public record Indexed<K>(String id, int version, Instant lastUpdated, long seq, byte[] body, K keys) {}
