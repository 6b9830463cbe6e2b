package io.shardgate.proxy.server;

import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import io.shardgate.proxy.lookup.JdbcLookupStores;
import io.shardgate.router.Router;
import io.shardgate.router.keygen.IdGenerators;
import io.shardgate.router.strategy.LookupStore;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;


/** Builds the {@link RoutingState} of a config: strategies per table, lookup stores per schema, the router. */
final class RoutingStates {

    private RoutingStates() {
    }

    static RoutingState build(ShardgateConfig config, IdGenerators ids) {
        Map<TableConfig, LookupStoreFactory> lookupByTable = new IdentityHashMap<>();
        List<JdbcLookupStores> stores = new ArrayList<>();
        java.util.Set<String> lookupSchemas = new java.util.HashSet<>();
        for (SchemaConfig schema : config.schemas()) {
            LookupStoreFactory factory = LookupStoreFactory.NONE;
            if (schema.tables().stream().anyMatch(t -> t.params() instanceof io.shardgate.config.StrategyParams.Lookup)) {
                JdbcLookupStores jdbc = new JdbcLookupStores(config, schema.name());
                stores.add(jdbc);
                factory = jdbc;
                lookupSchemas.add(schema.name().toLowerCase(java.util.Locale.ROOT));
            }
            for (TableConfig t : schema.tables()) {
                lookupByTable.put(t, factory);
            }
        }
        java.util.function.Function<TableConfig, ShardStrategy> strategies = t ->
                ShardStrategies.create(t, config.timeZone(), lookupByTable.getOrDefault(t, LookupStoreFactory.NONE));
        java.util.function.Function<TableConfig, ShardStrategy> readOnly = t -> {
            LookupStoreFactory live = lookupByTable.getOrDefault(t, LookupStoreFactory.NONE);
            return ShardStrategies.create(t, config.timeZone(), lookup -> new ReadOnlyLookup(live.open(lookup)));
        };
        // the preview's key generators are its own: a preview never takes an id from the live sequence
        return new RoutingState(config, new Router(config, strategies, ids), List.copyOf(stores),
                java.util.Set.copyOf(lookupSchemas), new Router(config, readOnly, IdGenerators.forConfig(config)));
    }

    /** A locator that answers what is recorded and records nothing: a new key gets the allocator's proposal. */
    private record ReadOnlyLookup(LookupStore store) implements LookupStore {
        @Override
        public java.util.OptionalInt find(String key) {
            return store.find(key);
        }

        @Override
        public int assign(String key, int proposedShard) {
            return store.find(key).orElse(proposedShard);
        }
    }
}
