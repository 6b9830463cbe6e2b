package io.shardgate.router.layout;

import io.shardgate.config.StrategyParams;
import io.shardgate.router.strategy.RangeStrategy;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code range} before and after. The boundaries of both layouts cut the old key range into segments, each
 * wholly inside one old and at most one new range; a segment moves when the new layout puts it in another
 * physical table or in none (a shrunk range). Keys beyond the old ranges cannot be stored today, so new ranges
 * there move nothing: appending ranges (more {@code boundaries}, or more shards with the same
 * {@code range-size}) keeps every row. Physical tables are named by shard index, so a range inserted before
 * others renumbers them and moves their keys.
 */
final class RangeMoves {

    private RangeMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        List<Long> old = boundaries(before);
        List<Long> now = boundaries(after);
        long low = old.get(0);
        long high = old.get(old.size() - 1);
        TreeSet<Long> cuts = new TreeSet<>();
        for (long b : old) {
            cuts.add(b);
        }
        for (long b : now) {
            if (b > low && b < high) {
                cuts.add(b);
            }
        }
        double moved = 0;
        String firstMoved = null;
        Long from = null;
        for (long to : cuts) {
            if (from != null) {
                int shardBefore = shardOf(old, from);
                int shardAfter = shardOf(now, from);
                boolean stays = shardAfter >= 0
                        && before.location(shardBefore).equals(after.location(shardAfter));
                if (!stays) {
                    moved += (double) to - (double) from;
                    if (firstMoved == null) {
                        firstMoved = "keys [" + from + ", " + to + ") would move from "
                                + Locations.describe(before.location(shardBefore)) + (shardAfter < 0
                                ? " to no table (outside the new ranges)"
                                : " to " + Locations.describe(after.location(shardAfter)));
                    }
                }
            }
            from = to;
        }
        double share = moved / ((double) high - (double) low);
        long newHigh = now.get(now.size() - 1);
        String kept = now.get(0) < low || newHigh > high
                ? "ranges added beyond the old ones [" + low + ", " + high + "); every stored key keeps its table"
                : "every stored key keeps its table";
        return KeyMovement.of(firstMoved == null ? "" : firstMoved + " (" + KeyMovement.percent(share)
                + " of the old key range)", share, before.location(0), after.location(0), kept);
    }

    private static List<Long> boundaries(TablePlacement placement) {
        return RangeStrategy.of(placement.shardKey(), (StrategyParams.Range) placement.config().params(),
                placement.shardCount()).boundaries();
    }

    /** The shard whose range holds {@code key}, or -1 outside them all. */
    static int shardOf(List<Long> boundaries, long key) {
        if (key < boundaries.get(0) || key >= boundaries.get(boundaries.size() - 1)) {
            return -1;
        }
        int lo = 0;
        int hi = boundaries.size() - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (boundaries.get(mid) <= key) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
