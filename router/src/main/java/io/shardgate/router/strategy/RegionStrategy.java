package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code region}: listed values -> shard index, compared like {@link KeyValues#canonical} (case-insensitive,
 * trailing spaces ignored, {@code '7'} like {@code 7}). An unlisted value goes to {@code default-shard}, or
 * fails with {@link NoShardException} when there is none. SQL NULL goes to the default shard, else shard 0.
 * Ranges cannot be pruned.
 */
public final class RegionStrategy implements ShardStrategy {

    private final String column;
    private final Map<String, Integer> shards;
    private final Integer defaultShard;
    private final int shardCount;

    public RegionStrategy(String column, StrategyParams.Region params, int shardCount) {
        this.column = column;
        this.shardCount = shardCount;
        Map<String, Integer> byKey = new HashMap<>();
        params.regions().forEach((value, shard) -> {
            checkShard(shard, "region " + value);
            Integer previous = byKey.put(KeyValues.canonical(value), shard);
            if (previous != null && !previous.equals(shard)) {
                throw new IllegalArgumentException("region strategy on " + column + ": '" + value
                        + "' is listed for shards " + previous + " and " + shard);
            }
        });
        if (params.defaultShard() != null) {
            checkShard(params.defaultShard(), "default-shard");
        }
        this.shards = Map.copyOf(byKey);
        this.defaultShard = params.defaultShard();
    }

    private void checkShard(int shard, String what) {
        if (shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("region strategy on " + column + ": " + what + " maps to shard "
                    + shard + ", outside 0.." + (shardCount - 1));
        }
    }

    @Override
    public int shardOf(Object value) {
        if (value == null) {
            return defaultShard == null ? 0 : defaultShard;
        }
        Integer shard = shards.get(KeyValues.canonical(value));
        if (shard != null) {
            return shard;
        }
        if (defaultShard != null) {
            return defaultShard;
        }
        throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value)
                + ": not a listed region and no default-shard");
    }

    @Override
    public ShardSet shardsFor(Bound lower, Bound upper) {
        return ShardSet.all(shardCount);
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    /** Listed values in {@link KeyValues#canonical} form -> shard. */
    public Map<String, Integer> shardsByValue() {
        return shards;
    }

    /** The shard of unlisted values; empty when they have none (no row can hold them). */
    public OptionalInt defaultShard() {
        return defaultShard == null ? OptionalInt.empty() : OptionalInt.of(defaultShard);
    }

    @Override
    public String toString() {
        return "region(" + column + ", " + shards.size() + " values, default " + defaultShard + ")";
    }
}
