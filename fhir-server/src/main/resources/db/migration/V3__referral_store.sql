-- Referral store: original records written by clients (ServiceRequest, Patient, Consent, Task), versioned.
-- Separate from the harvest store. Written to run unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.

-- The current version of every resource.
CREATE TABLE referral_resource (
  res_type        VARCHAR(64)  NOT NULL,
  res_id          VARCHAR(64)  NOT NULL,
  version         BIGINT       NOT NULL,
  last_updated_ms BIGINT       NOT NULL,
  json            TEXT         NOT NULL,
  PRIMARY KEY (res_type, res_id)
);

CREATE INDEX referral_resource_updated ON referral_resource (res_type, last_updated_ms);

-- Every version, the current one included (vread and _history).
CREATE TABLE referral_resource_version (
  res_type        VARCHAR(64)  NOT NULL,
  res_id          VARCHAR(64)  NOT NULL,
  version         BIGINT       NOT NULL,
  last_updated_ms BIGINT       NOT NULL,
  json            TEXT         NOT NULL,
  PRIMARY KEY (res_type, res_id, version)
);

-- Search parameter values of the current version: tokens and references (sys, val), strings (val, lower
-- case), dates as an inclusive millisecond range (low, high).
CREATE TABLE referral_search_index (
  res_type VARCHAR(64)   NOT NULL,
  res_id   VARCHAR(64)   NOT NULL,
  param    VARCHAR(64)   NOT NULL,
  sys      VARCHAR(256),
  val      VARCHAR(512),
  low      BIGINT,
  high     BIGINT
);

CREATE INDEX referral_search_index_value ON referral_search_index (res_type, param, val);
CREATE INDEX referral_search_index_resource ON referral_search_index (res_type, res_id);

-- Which organisations may see a resource (the referrer, the provider referred to).
CREATE TABLE referral_access (
  res_type     VARCHAR(64)  NOT NULL,
  res_id       VARCHAR(64)  NOT NULL,
  organization VARCHAR(256) NOT NULL,
  PRIMARY KEY (res_type, res_id, organization)
);

CREATE INDEX referral_access_organization ON referral_access (organization, res_type);
