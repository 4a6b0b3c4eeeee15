package dev.activityfhir.server.referral;

import org.hl7.fhir.r4.model.Resource;

/**
 * The outcome of a write.
 *
 * @param resource the resource as stored (id, meta.versionId and meta.lastUpdated set)
 * @param created true when the write created it; false for an update, or when a conditional create matched it
 */
public record Written(Resource resource, boolean created) {}
