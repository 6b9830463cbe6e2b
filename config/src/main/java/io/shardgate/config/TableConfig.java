package io.shardgate.config;

import java.util.List;

/**
 * A logical table that is sharded or broadcast. Tables not listed live unsharded on the schema's default node.
 *
 * <p>After loading, a binding table is resolved: {@code strategy}, {@code nodes}, {@code locations} and
 * {@code params} are its parent's, and {@code binding} names the parent.
 *
 * @param shardKey the column that decides the shard; null for broadcast tables
 * @param strategy null for broadcast tables
 * @param nodes the nodes holding this table, in shard order
 * @param locations physical tables per node, same length as {@code nodes}; for the time strategy
 *     derived from the periods (one table per unit)
 * @param binding the parent table's name, or null
 * @param keyGenerator null when no column is generated
 * @param params the strategy's own settings; {@link StrategyParams.None} for broadcast tables
 */
public record TableConfig(
        String name,
        String shardKey,
        StrategyType strategy,
        List<String> nodes,
        List<Integer> locations,
        String binding,
        boolean broadcast,
        KeyGeneratorConfig keyGenerator,
        StrategyParams params) {

    public TableConfig {
        nodes = List.copyOf(nodes);
        locations = List.copyOf(locations);
    }

    public boolean sharded() {
        return !broadcast;
    }

    /** Total number of physical tables (shards) across all nodes. */
    public int shardCount() {
        return locations.stream().mapToInt(Integer::intValue).sum();
    }
}
