-- Harvest store: per-feed RPDE checkpoint and the latest state of every harvested item.
-- Written to run unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.

CREATE TABLE feed_checkpoint (
  feed_url   VARCHAR(2048) NOT NULL PRIMARY KEY,
  next_url   VARCHAR(4096) NOT NULL,
  license    VARCHAR(1024),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per (feed, RPDE id). A deleted item keeps a tombstone row (state 'deleted', no data) with its
-- modified value, so that a stale 'updated' arriving after the delete is recognised and ignored.
CREATE TABLE harvested_item (
  feed_url     VARCHAR(2048) NOT NULL,
  rpde_id      VARCHAR(1024) NOT NULL,
  state        VARCHAR(16)   NOT NULL,
  modified     VARCHAR(256)  NOT NULL,
  modified_num BIGINT,
  at_id        VARCHAR(2048),
  parent_at_id VARCHAR(2048),
  data         TEXT,
  harvested_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (feed_url, rpde_id)
);

CREATE INDEX harvested_item_at_id ON harvested_item (at_id);
CREATE INDEX harvested_item_parent_at_id ON harvested_item (parent_at_id);

-- Feeds found on each OpenActive dataset site, so that a restart resumes them even while the site is down.
CREATE TABLE source_feed (
  source_url VARCHAR(2048) NOT NULL,
  feed_url   VARCHAR(2048) NOT NULL,
  PRIMARY KEY (source_url, feed_url)
);
