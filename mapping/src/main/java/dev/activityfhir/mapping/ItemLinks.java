package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * How an item links into the parent/child graph, read without mapping it.
 *
 * @param role parent, child or ignored
 * @param type the local name of {@code @type} (e.g. {@code ScheduledSession}); empty when absent
 * @param atId the item's {@code @id} (or {@code id}), when published
 * @param parentAtId for a child: {@code superEvent} / {@code facilityUse} as a URL, or the embedded
 *     parent's {@code @id}; null for parents and for children without a usable link
 * @param embeddedParent for a child whose parent is embedded as an object: that object
 */
public record ItemLinks(
    ItemRole role,
    String type,
    @Nullable String atId,
    @Nullable String parentAtId,
    @Nullable JsonNode embeddedParent) {}
