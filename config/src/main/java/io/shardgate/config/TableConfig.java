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
 * @param generation 0 for a table never resharded; {@code RESHARD} gives the tables it fills the next one, which
 *     is part of their physical names ({@link #physicalPrefix}) so old and new tables never share a name
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
        StrategyParams params,
        int generation) {

    public TableConfig {
        nodes = List.copyOf(nodes);
        locations = List.copyOf(locations);
    }

    /** A table of generation 0 (never resharded). */
    public TableConfig(String name, String shardKey, StrategyType strategy, List<String> nodes, List<Integer> locations,
                       String binding, boolean broadcast, KeyGeneratorConfig keyGenerator, StrategyParams params) {
        this(name, shardKey, strategy, nodes, locations, binding, broadcast, keyGenerator, params, 0);
    }

    /**
     * What a physical table's name starts with before its shard suffix: {@code orders_} in generation 0,
     * {@code orders_g1_} in generation 1 ({@code orders_g1_0003}, {@code events_g1_202401}).
     */
    public String physicalPrefix() {
        return generation == 0 ? name + "_" : name + "_g" + generation + "_";
    }

    /** The same table in another generation (the layout {@code RESHARD} fills). */
    public TableConfig withGeneration(int next) {
        return new TableConfig(name, shardKey, strategy, nodes, locations, binding, broadcast, keyGenerator, params,
                next);
    }

    public boolean sharded() {
        return !broadcast;
    }

    /** Total number of physical tables (shards) across all nodes. */
    public int shardCount() {
        return locations.stream().mapToInt(Integer::intValue).sum();
    }
}
