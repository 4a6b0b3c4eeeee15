package dev.activityfhir.server.audit;

import java.time.Instant;

/** An audit record as stored: its id and when it was recorded. */
public record StoredAuditEvent(String id, Instant recorded, AuditRecord record) {}
