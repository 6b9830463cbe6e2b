package io.shardgate.router.layout;

import io.shardgate.config.StrategyParams;
import io.shardgate.router.strategy.RegionStrategy;
import io.shardgate.router.topology.ShardLocation;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * {@code region} before and after, value by value: every value either list names, then every other value (the
 * default region), then NULL. A value moves when rows can hold it today (it is listed, or a default region
 * takes it) and the new layout puts it in another physical table or nowhere. A value newly listed for a new
 * shard moves nothing when no row could hold it before (no default region); with a default region it leaves
 * the default's table, so its rows would move.
 */
final class RegionMoves {

    private RegionMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        RegionStrategy old = strategy(before);
        RegionStrategy now = strategy(after);
        TreeSet<String> values = new TreeSet<>(old.shardsByValue().keySet());
        values.addAll(now.shardsByValue().keySet());
        for (String value : values) {
            ShardLocation from = location(before, old.shardsByValue(), old.defaultShard(), value);
            ShardLocation to = location(after, now.shardsByValue(), now.defaultShard(), value);
            if (from != null && !from.equals(to)) {
                return KeyMovement.rows("rows with " + before.shardKey() + " = '" + value + "' would move from "
                        + Locations.describe(from) + (to == null ? " to no table (no longer a region, and no default)"
                        : " to " + Locations.describe(to)));
            }
        }
        if (old.defaultShard().isPresent()) {
            ShardLocation from = before.location(old.defaultShard().getAsInt());
            ShardLocation to = now.defaultShard().isPresent() ? after.location(now.defaultShard().getAsInt()) : null;
            if (!from.equals(to)) {
                return KeyMovement.rows("rows of unlisted values (the default region) would move from "
                        + Locations.describe(from) + (to == null ? " to no table (no default-shard any more)"
                        : " to " + Locations.describe(to)));
            }
        }
        return KeyMovement.of("", 0, before.location(old.defaultShard().orElse(0)),
                after.location(now.defaultShard().orElse(0)), "every value rows can hold keeps its table");
    }

    private static RegionStrategy strategy(TablePlacement placement) {
        return new RegionStrategy(placement.shardKey(), (StrategyParams.Region) placement.config().params(),
                placement.shardCount());
    }

    /** Where rows with {@code value} live, or null when no row can hold it. */
    private static ShardLocation location(TablePlacement placement, Map<String, Integer> listed,
                                          OptionalInt defaultShard, String value) {
        Integer shard = listed.get(value);
        if (shard == null && defaultShard.isPresent()) {
            shard = defaultShard.getAsInt();
        }
        return shard == null ? null : placement.location(shard);
    }
}
