package io.shardgate.router.layout;

import io.shardgate.config.StrategyParams;
import io.shardgate.router.strategy.ConsistentHashStrategy;
import java.util.Arrays;

/**
 * {@code consistent-hash} before and after, measured exactly on the ring: the points of both rings cut it into
 * arcs, and within one arc every position has one owner in each ring (the owner of the arc's end, since no
 * point of either ring lies inside it). An arc whose two owners' physical tables differ moves its keys; the
 * moved share is the moved arcs' length over 2^32. Adding shard N to N shards moves only the arcs its own
 * points capture, about 1/(N+1) of the ring, as long as the existing shards keep their locations (new
 * physical tables go at the end: more {@code locations} on the last node, or a new last node).
 */
final class ConsistentHashMoves {

    private static final double RING = 0x1p32;

    private ConsistentHashMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        ConsistentHashStrategy ringBefore = ring(before);
        ConsistentHashStrategy ringAfter = ring(after);
        long[] cuts = union(ringBefore.ringPositions(), ringAfter.ringPositions());
        long moved = 0;
        for (int i = 0; i < cuts.length; i++) {
            long end = cuts[i];
            // the arc (previous cut, end]; the first one wraps around from the last cut
            long length = i == 0 ? end + (1L << 32) - cuts[cuts.length - 1] : end - cuts[i - 1];
            if (!before.location(ringBefore.ownerOf(end)).equals(after.location(ringAfter.ownerOf(end)))) {
                moved += length;
            }
        }
        double share = moved / RING;
        String what = "consistent hash over " + after.shardCount() + " shards with " + ringAfter.virtualNodes()
                + " points each, instead of " + before.shardCount() + " with " + ringBefore.virtualNodes() + ": "
                + KeyMovement.percent(share) + " of the keys would change physical table";
        return KeyMovement.of(what, share, before.location(0), after.location(0),
                "the ring keeps every key's physical table");
    }

    private static ConsistentHashStrategy ring(TablePlacement placement) {
        int points = ((StrategyParams.ConsistentHash) placement.config().params()).virtualNodes();
        return new ConsistentHashStrategy(placement.shardCount(), points);
    }

    /** Sorted, without duplicates. */
    static long[] union(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[i] != all[n - 1]) {
                all[n++] = all[i];
            }
        }
        return Arrays.copyOf(all, n);
    }
}
