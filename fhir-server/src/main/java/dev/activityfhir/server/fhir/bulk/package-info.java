/**
 * SMART Scheduling Links bulk publication: {@code GET /fhir/$bulk-publish} answers a manifest naming one NDJSON
 * file each of Location, Schedule and Slot, streamed from the in-memory index, so that slot aggregators read the
 * directory's sessions with no custom code.
 */
@NullMarked
package dev.activityfhir.server.fhir.bulk;

import org.jspecify.annotations.NullMarked;
