package io.shardgate.router.merge;

/** The aggregates the merge finishes from the shards' partial values. */
public enum AggregateFunction { COUNT, SUM, MIN, MAX, AVG, GROUP_CONCAT }
