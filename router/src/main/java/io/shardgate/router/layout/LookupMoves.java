package io.shardgate.router.layout;

import io.shardgate.config.StrategyParams;

/**
 * {@code lookup} before and after. A stored key's shard index is recorded in the locator table, so its rows
 * stay found as long as that index keeps its physical table and the locator stays where it is. Shards added
 * at the end, another allocator or cache size only affect keys not yet written.
 */
final class LookupMoves {

    private LookupMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        StrategyParams.Lookup old = (StrategyParams.Lookup) before.config().params();
        StrategyParams.Lookup now = (StrategyParams.Lookup) after.config().params();
        if (!old.node().equals(now.node()) || !old.table().equalsIgnoreCase(now.table())) {
            return KeyMovement.rows("the locator table moves from " + old.table() + " on " + old.node() + " to "
                    + now.table() + " on " + now.node() + ": every stored key would lose its recorded shard");
        }
        int moved = 0;
        String firstMoved = null;
        for (int shard = 0; shard < before.shardCount(); shard++) {
            boolean stays = shard < after.shardCount() && before.location(shard).equals(after.location(shard));
            if (!stays) {
                moved++;
                if (firstMoved == null) {
                    firstMoved = "keys recorded for shard " + shard + " would move from "
                            + Locations.describe(before.location(shard)) + (shard < after.shardCount()
                            ? " to " + Locations.describe(after.location(shard)) : " to no table");
                }
            }
        }
        if (moved == 0) {
            return KeyMovement.none(after.shardCount() > before.shardCount()
                    ? "shards added at the end; recorded keys keep their tables"
                    : "recorded keys keep their tables");
        }
        // keys spread evenly over shards is an assumption, so the share is per shard, not per key
        return KeyMovement.rows(firstMoved + " (" + moved + " of " + before.shardCount() + " shards)");
    }
}
