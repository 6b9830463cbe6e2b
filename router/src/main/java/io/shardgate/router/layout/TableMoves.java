package io.shardgate.router.layout;

/**
 * One logical table's placement before and after a reload -> which stored rows would move: dispatches to the
 * comparison of its strategy when kind, shard key and strategy stay, and reports every other change of a
 * sharded table as moving its rows.
 */
public final class TableMoves {

    private TableMoves() {
    }

    /**
     * @param before the placement today (an unlisted placement for a table the running config does not list)
     * @param after the placement the new config gives; not unlisted (a table leaving the config moves no row:
     *     its physical tables simply stay where they are)
     */
    public static KeyMovement compare(TablePlacement before, TablePlacement after) {
        if (after.unlisted()) {
            throw new IllegalArgumentException(after.qualifiedName() + " is not listed in the new config");
        }
        if (before.samePlacementAs(after)) {
            return KeyMovement.none("same placement");
        }
        if (after.copies()) {
            return before.copies() ? CopyMoves.compare(before, after)
                    : KeyMovement.rows("the table becomes broadcast: every node would need all its rows, which "
                            + "are spread over " + before.shardCount() + " physical tables today");
        }
        if (before.copies()) {
            return KeyMovement.rows("the table becomes sharded: its rows in " + Locations.describe(before.location(0))
                    + " would have to be split over " + after.shardCount() + " physical tables", 1);
        }
        if (!before.shardKey().equalsIgnoreCase(after.shardKey())) {
            return KeyMovement.rows("the shard key changes from " + before.shardKey() + " to " + after.shardKey(), 1);
        }
        if (before.strategy() != after.strategy()) {
            return KeyMovement.rows("the strategy changes from " + before.strategy().yamlName() + " to "
                    + after.strategy().yamlName());
        }
        return switch (after.strategy()) {
            case HASH_MOD -> HashModMoves.compare(before, after);
            case RANGE -> RangeMoves.compare(before, after);
            case TIME -> TimeMoves.compare(before, after);
            case REGION -> RegionMoves.compare(before, after);
            case CONSISTENT_HASH -> ConsistentHashMoves.compare(before, after);
            case LOOKUP -> LookupMoves.compare(before, after);
        };
    }
}
