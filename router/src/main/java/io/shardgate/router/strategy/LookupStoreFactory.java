package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;

/**
 * Opens the {@link LookupStore} for one lookup table's locator ({@code lookup: {node, table, ...}}). Called
 * once per table using the locator (a binding table asks again for its parent's): implementations may hand
 * out one shared store per (node, table).
 */
@FunctionalInterface
public interface LookupStoreFactory {

    LookupStore open(StrategyParams.Lookup lookup);

    /** For configs without lookup tables: asking for a store is a wiring error. */
    LookupStoreFactory NONE = lookup -> {
        throw new IllegalStateException("no lookup store available for locator table " + lookup.table()
                + " on node " + lookup.node());
    };
}
