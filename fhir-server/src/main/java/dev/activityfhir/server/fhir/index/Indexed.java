package dev.activityfhir.server.fhir.index;

/**
 * One published resource as the index holds it: compressed JSON plus the search keys extracted when it arrived.
 *
 * @param id the logical id
 * @param version the version id, bumped each time the content changes
 * @param lastUpdatedMillis {@code meta.lastUpdated} of the resource (or the time it was indexed when absent), in
 *     epoch milliseconds (the precision of FHIR's instant as HAPI keeps it; a number, not an object, because
 *     there are hundreds of thousands of entries)
 * @param seq a number unique to this content version across the whole index, the key of the parsed-resource cache
 * @param body the resource as deflated JSON
 * @param keys the search keys of the resource
 * @param <K> the type of the search keys
 */
public record Indexed<K>(String id, int version, long lastUpdatedMillis, long seq, byte[] body, K keys) {}
