package io.shardgate.config;

import java.util.List;

/**
 * A table as read, before binding tables are resolved against their parents. Fields are null
 * where the file was wrong (already reported); {@code complete} says none is.
 */
record TableDraft(
        String path,
        String name,
        Kind kind,
        String shardKey,
        StrategyType strategy,
        List<String> nodes,
        List<Integer> locations,
        String binding,
        KeyGeneratorConfig keyGenerator,
        StrategyParams params,
        boolean complete,
        int generation) {

    enum Kind { SHARDED, BINDING, BROADCAST }

    /** The finished config of a complete sharded table. */
    TableConfig toShardedConfig() {
        return new TableConfig(name, shardKey, strategy, nodes, locations, null, false, keyGenerator, params,
                generation);
    }
}
