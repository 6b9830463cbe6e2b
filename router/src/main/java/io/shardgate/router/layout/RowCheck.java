package io.shardgate.router.layout;

import io.shardgate.router.topology.ShardLocation;

/**
 * A question for a backend before a layout change applies: does this physical table hold a row (with a NULL
 * shard key, when {@code nullColumn} is set)? A table that does not exist holds none.
 *
 * @param nullColumn the shard-key column when only rows with a NULL key matter; null for any row
 */
public record RowCheck(ShardLocation location, String nullColumn) {
}
