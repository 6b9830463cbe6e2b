package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyType;
import io.shardgate.config.TableConfig;
import java.time.ZoneId;

/**
 * Builds the {@link ShardStrategy} of a sharded table from its config. A binding table's config carries its
 * parent's strategy and params, so it gets an equal strategy.
 */
public final class ShardStrategies {

    /** Points per shard on the ring when a lookup table allocates new keys by consistent hash. */
    public static final int LOOKUP_ALLOCATOR_VIRTUAL_NODES = 160;

    private ShardStrategies() {
    }

    /**
     * @param zone how unix times map to dates for the time strategy ({@code ShardgateConfig.timeZone()})
     * @param lookupStores opens locator stores for lookup tables; {@link LookupStoreFactory#NONE} when none
     * @throws IllegalArgumentException for a broadcast table (it has no strategy) or params that do not fit
     *     the strategy type
     */
    public static ShardStrategy create(TableConfig table, ZoneId zone, LookupStoreFactory lookupStores) {
        if (table.broadcast() || table.strategy() == null) {
            throw new IllegalArgumentException("table " + table.name() + " is broadcast: it has no shard strategy");
        }
        int shards = table.shardCount();
        String column = table.shardKey();
        ShardStrategy strategy = switch (table.strategy()) {
            case HASH_MOD -> new HashModStrategy(shards);
            case RANGE -> RangeStrategy.of(column, params(table, StrategyParams.Range.class), shards);
            case TIME -> new TimeStrategy(column, params(table, StrategyParams.Time.class), zone);
            case REGION -> new RegionStrategy(column, params(table, StrategyParams.Region.class), shards);
            case CONSISTENT_HASH -> new ConsistentHashStrategy(shards,
                    params(table, StrategyParams.ConsistentHash.class).virtualNodes());
            case LOOKUP -> lookup(table, params(table, StrategyParams.Lookup.class), lookupStores);
        };
        // the loader derives a time table's locations from its periods; records built by hand may omit them
        boolean derived = table.strategy() == StrategyType.TIME && table.locations().isEmpty();
        if (!derived && strategy.shardCount() != shards) {
            throw new IllegalArgumentException("table " + table.name() + ": strategy " + table.strategy() + " has "
                    + strategy.shardCount() + " shards but locations " + table.locations() + " give " + shards);
        }
        return strategy;
    }

    private static LookupStrategy lookup(TableConfig table, StrategyParams.Lookup lookup, LookupStoreFactory stores) {
        int shards = table.shardCount();
        StrategyType allocate = lookup.allocate() == null ? StrategyType.HASH_MOD : lookup.allocate();
        ShardStrategy allocator = switch (allocate) {
            case HASH_MOD -> new HashModStrategy(shards);
            case CONSISTENT_HASH -> new ConsistentHashStrategy(shards, LOOKUP_ALLOCATOR_VIRTUAL_NODES);
            default -> throw new IllegalArgumentException("table " + table.name()
                    + ": lookup can allocate with hash-mod or consistent-hash, not " + lookup.allocate());
        };
        return new LookupStrategy(table.shardKey(), stores.open(lookup), allocator, lookup.cacheSize());
    }

    static <P extends StrategyParams> P params(TableConfig table, Class<P> type) {
        if (!type.isInstance(table.params())) {
            throw new IllegalArgumentException("table " + table.name() + ": strategy " + table.strategy()
                    + " needs " + type.getSimpleName() + " params, got " + table.params());
        }
        return type.cast(table.params());
    }
}
