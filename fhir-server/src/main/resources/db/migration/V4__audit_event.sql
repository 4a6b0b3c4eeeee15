-- Audit trail of the referral side: one row per read, search or write (refusals included), shown as FHIR
-- AuditEvent. Written in the same transaction as the referral write it records, where there is one.
-- Holds who, what and the outcome only: never a token, a query string or a patient's details.
-- Written to run unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
CREATE TABLE audit_event (
  id            VARCHAR(64)   NOT NULL PRIMARY KEY,
  seq           BIGINT        GENERATED ALWAYS AS IDENTITY, -- insertion order among events of the same ms
  recorded_ms   BIGINT        NOT NULL,
  client_id     VARCHAR(256)  NOT NULL,
  organization  VARCHAR(256),
  interaction   VARCHAR(32)   NOT NULL,
  resource_type VARCHAR(64),
  resource_id   VARCHAR(64),
  http_status   INT           NOT NULL,
  outcome       VARCHAR(2)    NOT NULL,
  detail        VARCHAR(1024)
);

CREATE INDEX audit_event_recorded ON audit_event (recorded_ms);
CREATE INDEX audit_event_organization ON audit_event (organization, recorded_ms);
