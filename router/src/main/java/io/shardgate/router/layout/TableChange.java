package io.shardgate.router.layout;

import io.shardgate.router.topology.ShardLocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a reload changes one logical table's placement, and what that means for its stored rows.
 *
 * @param schema the logical schema (= database on every node)
 * @param table the logical table
 * @param group the binding group it belongs to: its parent's name for a binding table, else its own. A group
 *     shares one layout, so its tables move together
 * @param kind listed for the first time, no longer listed, or listed in both with another placement
 * @param movement which rows would move
 * @param before the physical tables rows live in today (empty for a table of a schema that is new)
 * @param after the physical tables of the new layout (empty for a table leaving the config)
 * @param shardKey the shard-key column when the table is sharded before and after on the same key, else null
 */
public record TableChange(String schema, String table, String group, Kind kind, KeyMovement movement,
                          List<ShardLocation> before, List<ShardLocation> after, String shardKey) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    public TableChange {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    /** {@code shop.orders} */
    public String qualifiedName() {
        return schema + "." + table;
    }

    /**
     * What the backends must answer "no row" to for the change to apply: every physical table of today when
     * rows would move, the NULL-key rows' table when only those would, nothing otherwise.
     */
    public List<RowCheck> rowChecks() {
        return switch (movement.scope()) {
            case NONE -> List.of();
            case NULL_KEYS -> List.of(new RowCheck(movement.nullKeysAt(), shardKey));
            case ROWS -> before.stream().map(l -> new RowCheck(l, null)).toList();
        };
    }

    /** Physical tables the new layout uses that the old one did not: they may have to be created. */
    public List<ShardLocation> addedLocations() {
        Set<ShardLocation> added = new LinkedHashSet<>(after);
        added.removeAll(before);
        return new ArrayList<>(added);
    }
}
