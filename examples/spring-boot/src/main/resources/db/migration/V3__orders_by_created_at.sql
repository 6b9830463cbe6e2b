-- A later change to a sharded table: the index is added to every physical table. The cross-shard listing
-- (newest orders first) sorts by (created_at, id) on each shard before the proxy merges the shards' rows.

CREATE INDEX orders_by_created_at ON orders (created_at, id);
