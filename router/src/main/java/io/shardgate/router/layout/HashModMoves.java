package io.shardgate.router.layout;

/**
 * {@code hash-mod} before and after: a key with number (or hash) {@code h} lives in shard {@code h mod n}. Over
 * {@code lcm(nBefore, nAfter)} consecutive values of {@code h} every pair (old shard, new shard) occurs once,
 * and old shard = new shard only for {@code h mod lcm < min(nBefore, nAfter)}; so the share of keys that keep
 * their physical table is the number of those shards whose location did not change, over the lcm. Different
 * shard counts always move keys: {@code h = min(n)} changes shard index, hence physical table name.
 */
final class HashModMoves {

    private HashModMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        int nBefore = before.shardCount();
        int nAfter = after.shardCount();
        long lcm = (long) nBefore / gcd(nBefore, nAfter) * nAfter;
        int staying = 0;
        int firstMoved = -1;
        for (int shard = 0; shard < Math.min(nBefore, nAfter); shard++) {
            if (before.location(shard).equals(after.location(shard))) {
                staying++;
            } else if (firstMoved < 0) {
                firstMoved = shard;
            }
        }
        if (staying == lcm) {
            return KeyMovement.none("hash-mod over the same " + nBefore + " physical tables");
        }
        double share = 1 - staying / (double) lcm;
        String what = nBefore == nAfter
                ? "shard " + firstMoved + " moves from " + Locations.describe(before.location(firstMoved)) + " to "
                        + Locations.describe(after.location(firstMoved))
                : "hash-mod over " + nAfter + " shards instead of " + nBefore;
        // shard 0 (where NULL keys live) is counted in staying or not, so NULL needs no case of its own
        return KeyMovement.rows(what + ": " + KeyMovement.percent(share)
                + " of the keys would change physical table", share);
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
