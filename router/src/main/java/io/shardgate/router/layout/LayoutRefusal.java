package io.shardgate.router.layout;

import io.shardgate.config.ConfigProblem;
import io.shardgate.router.topology.ShardLocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of a refused reload: which table holds rows the new layout would move, why they would move, and
 * how they can be moved. One problem per binding group (its tables share a layout and move together), and
 * one per schema whose default node would leave unsharded rows behind.
 */
public final class LayoutRefusal {

    private LayoutRefusal() {
    }

    /**
     * @param changes the moving changes of one binding group, parent first when it is among them
     * @param rowsFound per change, the physical tables found holding rows (only changes with some)
     * @param file the config file the new layout was read from, for the command line; null when unknown
     */
    public static ConfigProblem ofGroup(List<TableChange> changes, Map<TableChange, List<ShardLocation>> rowsFound,
                                        String file) {
        TableChange first = changes.get(0);
        String schema = first.schema();
        String group = first.group();
        Set<ShardLocation> found = new LinkedHashSet<>();
        List<String> tablesWithRows = new ArrayList<>();
        for (TableChange change : changes) {
            List<ShardLocation> rows = rowsFound.getOrDefault(change, List.of());
            if (!rows.isEmpty()) {
                tablesWithRows.add(change.table());
                found.addAll(rows);
            }
        }
        Set<String> members = new LinkedHashSet<>();
        changes.forEach(c -> members.add(c.table()));
        boolean nullKeys = first.movement().scope() == KeyMovement.Scope.NULL_KEYS;
        StringBuilder m = new StringBuilder();
        m.append(String.join(", ", tablesWithRows)).append(tablesWithRows.size() == 1 ? " holds rows" : " hold rows")
                .append(nullKeys ? " with a NULL " + first.shardKey() : "").append(" (found in ")
                .append(Locations.summary(found)).append("), and the new layout would move ")
                .append(nullKeys ? "them: " : "rows: ").append(first.movement().reason())
                .append(". The reload is refused and the running config stays. ")
                .append("Move the rows online with the admin command RESHARD TABLE ").append(schema).append('.')
                .append(group).append(" TO '").append(file == null ? "<file>" : file).append('\'');
        if (members.size() > 1) {
            m.append(" (it moves the binding group ").append(String.join(", ", members)).append(" together)");
        }
        m.append(": it copies them into the new layout while the table stays in use, then switches (docs/resharding.md).");
        return new ConfigProblem("schemas." + schema + ".tables." + group, m.toString());
    }

    /** @param tablesWithRows unsharded tables on the old default node that hold rows */
    public static ConfigProblem ofDefaultNode(DefaultNodeChange change, List<String> tablesWithRows) {
        return new ConfigProblem("schemas." + change.schema() + ".default-node", "changes from " + change.from()
                + " to " + change.to() + ", but unsharded tables on " + change.from() + " hold rows ("
                + String.join(", ", tablesWithRows) + "): statements would look for them on " + change.to()
                + ". The reload is refused and the running config stays. Copy those tables to " + change.to()
                + " first, or keep default-node: " + change.from() + ".");
    }
}
