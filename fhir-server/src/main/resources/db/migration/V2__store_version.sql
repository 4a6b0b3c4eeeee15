-- A counter bumped by every page that changed an item, in the page's own transaction. A snapshot of the
-- published resources records the value it was taken at; at start-up the snapshot is used only when the
-- counter still has that value, i.e. when the store has not changed since. store_id (set once, by the
-- application, to a random UUID) tells one database from another that reached the same version.
CREATE TABLE store_version (
  id       INT         NOT NULL PRIMARY KEY,
  version  BIGINT      NOT NULL,
  store_id VARCHAR(64)
);

INSERT INTO store_version (id, version) VALUES (1, 0);
