package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.TableConfig;
import java.time.ZoneId;

/** Builds the {@link ShardStrategy} of a sharded table from its config. */
public final class ShardStrategies {

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
        return switch (table.strategy()) {
            case HASH_MOD -> new HashModStrategy(shards);
            case RANGE -> RangeStrategy.of(column, params(table, StrategyParams.Range.class), shards);
            case TIME -> throw new UnsupportedOperationException("time strategy: not implemented yet");
            case REGION -> new RegionStrategy(column, params(table, StrategyParams.Region.class), shards);
            case CONSISTENT_HASH -> throw new UnsupportedOperationException("consistent-hash: not implemented yet");
            case LOOKUP -> throw new UnsupportedOperationException("lookup strategy: not implemented yet");
        };
    }

    static <P extends StrategyParams> P params(TableConfig table, Class<P> type) {
        if (!type.isInstance(table.params())) {
            throw new IllegalArgumentException("table " + table.name() + ": strategy " + table.strategy()
                    + " needs " + type.getSimpleName() + " params, got " + table.params());
        }
        return type.cast(table.params());
    }
}
