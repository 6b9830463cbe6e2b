package io.shardgate.router.strategy;

import io.shardgate.config.StrategyParams;
import io.shardgate.router.merge.Collations;
import io.shardgate.router.merge.TextOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code region}: listed values -> shard index. A value is routed as the server compares it with the listed
 * ones: numbers (and strings that are numbers) like {@link KeyValues#canonical} ({@code '7'} like {@code 7}),
 * other strings under utf8mb4_general_ci, the default collation of region columns (case, accents and trailing
 * spaces ignored: {@code 'ÉAST'} routes as {@code 'east'}), so a row lands where a single server would find
 * it. An unlisted value goes to {@code default-shard}, or fails with {@link NoShardException} when there is
 * none. SQL NULL goes to the default shard, else shard 0. Ranges cannot be pruned.
 */
public final class RegionStrategy implements ShardStrategy {

    private static final int UTF8MB4_GENERAL_CI = 45;
    private static final TextOrder GENERAL_CI = TextOrder.of(Collations.byId(UTF8MB4_GENERAL_CI));

    private final String column;
    private final Map<String, Integer> shards;
    /** The listed values by {@link #routingKey}: what routing looks up. */
    private final Map<Object, Integer> byRoutingKey;
    private final Integer defaultShard;
    private final int shardCount;

    public RegionStrategy(String column, StrategyParams.Region params, int shardCount) {
        this.column = column;
        this.shardCount = shardCount;
        Map<String, Integer> byKey = new HashMap<>();
        Map<Object, Integer> routing = new HashMap<>();
        params.regions().forEach((value, shard) -> {
            checkShard(shard, "region " + value);
            byKey.put(KeyValues.canonical(value), shard);
            Integer previous = routing.put(routingKey(value), shard);
            if (previous != null && !previous.equals(shard)) {
                throw new IllegalArgumentException("region strategy on " + column + ": '" + value
                        + "' is listed for shards " + previous + " and " + shard
                        + " (values equal under utf8mb4_general_ci are one region)");
            }
        });
        if (params.defaultShard() != null) {
            checkShard(params.defaultShard(), "default-shard");
        }
        this.shards = Map.copyOf(byKey);
        this.byRoutingKey = Map.copyOf(routing);
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
        Integer shard = byRoutingKey.get(routingKey(value));
        if (shard != null) {
            return shard;
        }
        if (defaultShard != null) {
            return defaultShard;
        }
        throw new NoShardException("no shard for " + column + " = " + KeyValues.display(value)
                + ": not a listed region and no default-shard");
    }

    /**
     * Equal for values the server finds equal in a utf8mb4_general_ci column: a number's canonical text, a
     * string's collation key (a string that is a number counts as that number, as MySQL compares it).
     */
    private static Object routingKey(Object value) {
        if (value instanceof String s && KeyValues.decimalOf(s) == null) {
            return new TextKey(GENERAL_CI.key(s));
        }
        return KeyValues.canonical(value);
    }

    /** A string's collation key, kept apart from the canonical text of numbers and dates. */
    private record TextKey(Object weights) {
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
