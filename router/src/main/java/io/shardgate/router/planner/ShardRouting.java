package io.shardgate.router.planner;

import io.shardgate.router.strategy.ShardSet;

/**
 * Where one statement goes: the shards, and for each IN list on the shard key the shard of each of its
 * values, so that every shard gets only its own values.
 *
 * @param inListShards per IN list, per value: the value's shard, {@link #NO_SHARD} when no shard can hold
 *     it; a null row means the list cannot be split (some value could not be routed) and goes whole
 * @param unbound true when a prepared statement's placeholder, not bound yet, kept the key condition from
 *     pruning: bound values may reach fewer shards than {@link #shards}
 */
record ShardRouting(ShardSet shards, int[][] inListShards, boolean unbound) {

    static final int NO_SHARD = -1;
}
