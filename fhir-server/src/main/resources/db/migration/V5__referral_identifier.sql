-- Business identifiers unique per owning organisation: a referral's identifier (every system) and a Patient's NHS
-- number name one resource of the organisation that created it. The primary key is what makes two concurrent
-- conditional creates of the same referral or person end with one resource: the second insert fails, and the
-- service retries its transaction, which then finds the first. Another organisation's rows are never consulted.
-- Written to run unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
CREATE TABLE referral_identifier (
  organization VARCHAR(256) NOT NULL,
  res_type     VARCHAR(64)  NOT NULL,
  sys          VARCHAR(256) NOT NULL,
  val          VARCHAR(512) NOT NULL,
  res_id       VARCHAR(64)  NOT NULL,
  PRIMARY KEY (organization, res_type, sys, val)
);

CREATE INDEX referral_identifier_resource ON referral_identifier (res_type, res_id);

-- Resources stored before this migration: their creator is the one organisation granted access that is not a
-- provider (providers are Organization/<id> and never create). Where duplicates already exist, the first id
-- keeps the identifier.
INSERT INTO referral_identifier (organization, res_type, sys, val, res_id)
SELECT a.organization, i.res_type, i.sys, i.val, MIN(i.res_id)
FROM referral_search_index i
JOIN referral_access a ON a.res_type = i.res_type AND a.res_id = i.res_id
WHERE i.param = 'identifier' AND i.sys IS NOT NULL AND i.val IS NOT NULL
  AND a.organization NOT LIKE 'Organization/%'
  AND (i.res_type = 'ServiceRequest' OR (i.res_type = 'Patient' AND i.sys = 'https://fhir.nhs.uk/Id/nhs-number'))
GROUP BY a.organization, i.res_type, i.sys, i.val;

-- The jti of every client assertion the built-in authorization server accepted, until it expires: each is
-- accepted once, across restarts and by every server on the database. Rows past expiry are deleted as new come.
CREATE TABLE client_assertion_jti (
  client_id  VARCHAR(256) NOT NULL,
  jti        VARCHAR(256) NOT NULL,
  expires_ms BIGINT       NOT NULL,
  PRIMARY KEY (client_id, jti)
);

CREATE INDEX client_assertion_jti_expiry ON client_assertion_jti (expires_ms);
