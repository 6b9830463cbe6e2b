package io.shardgate.router.layout;

import io.shardgate.router.topology.ShardLocation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A table whose every location holds every row: broadcast, or not listed (one copy on the default node) before,
 * broadcast after. Copies on new nodes would start empty while reads may go to any copy, so a new copy needs
 * the rows copied; dropping a copy from the list moves nothing (the node keeps a stale copy that is no longer
 * read or written).
 */
final class CopyMoves {

    private CopyMoves() {
    }

    static KeyMovement compare(TablePlacement before, TablePlacement after) {
        Set<ShardLocation> added = new LinkedHashSet<>(after.locations());
        added.removeAll(before.locations());
        if (!added.isEmpty()) {
            return KeyMovement.rows("new copies " + describe(List.copyOf(added)) + " would start empty while "
                    + "reads may go to any copy; the rows would have to be copied there first");
        }
        Set<ShardLocation> dropped = new LinkedHashSet<>(before.locations());
        dropped.removeAll(after.locations());
        return KeyMovement.none(dropped.isEmpty() ? "same copies"
                : "copies " + describe(List.copyOf(dropped)) + " are no longer used (left as they are)");
    }

    private static String describe(List<ShardLocation> locations) {
        StringBuilder s = new StringBuilder();
        for (ShardLocation l : locations) {
            s.append(s.isEmpty() ? "" : ", ").append(Locations.describe(l));
        }
        return s.toString();
    }
}
