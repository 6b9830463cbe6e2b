package io.shardgate.router.layout;

import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a reload would change about where rows live, table by table: the safety check before the routing
 * state is swapped. A change that moves no stored row (ranges or periods appended, a region for values no row
 * can hold yet, a copy dropped, a table newly listed whose old table is empty) may apply at once; one that
 * moves rows may apply only while the table holds none, which the proxy asks the backends
 * ({@link TableChange#rowChecks}, {@link DefaultNodeChange}). Node addresses, credentials, replicas, weights and
 * pools are not part of a layout: rows stay on a node whatever reaches it.
 *
 * <p>Tables of a schema that is new have no stored rows the proxy routed, and are left out. A table that leaves
 * the config keeps its physical tables where they are; that is reported as a warning, not refused.
 */
public final class LayoutDiff {

    private final List<TableChange> tables;
    private final List<DefaultNodeChange> defaultNodes;
    private final List<String> warnings;

    private LayoutDiff(List<TableChange> tables, List<DefaultNodeChange> defaultNodes, List<String> warnings) {
        this.tables = List.copyOf(tables);
        this.defaultNodes = List.copyOf(defaultNodes);
        this.warnings = List.copyOf(warnings);
    }

    public static LayoutDiff between(ShardgateConfig before, ShardgateConfig after) {
        List<TableChange> tables = new ArrayList<>();
        List<DefaultNodeChange> defaultNodes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (SchemaConfig now : after.schemas()) {
            SchemaConfig old = before.schema(now.name()).orElse(null);
            if (old == null) {
                continue;
            }
            String schema = now.name();
            for (TableConfig table : now.tables()) {
                TableConfig previous = old.table(table.name()).orElse(null);
                TablePlacement from = previous != null ? TablePlacement.of(schema, previous, before.timeZone())
                        : TablePlacement.unlisted(schema, table.name(), old.defaultNode());
                TablePlacement to = TablePlacement.of(schema, table, after.timeZone());
                if (from.samePlacementAs(to)) {
                    continue;
                }
                tables.add(new TableChange(schema, table.name(), group(table),
                        previous == null ? TableChange.Kind.ADDED : TableChange.Kind.CHANGED,
                        TableMoves.compare(from, to), from.locations(), to.locations(), sameShardKey(from, to)));
            }
            for (TableConfig previous : old.tables()) {
                if (now.table(previous.name()).isEmpty()) {
                    TablePlacement from = TablePlacement.of(schema, previous, before.timeZone());
                    ShardLocation unlisted = new ShardLocation(now.defaultNode(), previous.name());
                    tables.add(new TableChange(schema, previous.name(), group(previous), TableChange.Kind.REMOVED,
                            KeyMovement.none("no longer listed"), from.locations(), List.of(), null));
                    if (!from.locations().contains(unlisted)) {
                        warnings.add("schemas." + schema + ".tables." + previous.name() + ": no longer listed; its "
                                + "physical tables (" + Locations.summary(from.locations()) + ") keep their rows but "
                                + "are no longer reached through the proxy: statements on " + schema + "."
                                + previous.name() + " now go to the table of that name on " + now.defaultNode());
                    }
                }
            }
            if (!old.defaultNode().equals(now.defaultNode())) {
                defaultNodes.add(new DefaultNodeChange(schema, old.defaultNode(), now.defaultNode(),
                        listedTables(old, now)));
            }
        }
        for (SchemaConfig old : before.schemas()) {
            if (after.schema(old.name()).isEmpty()) {
                warnings.add("schemas." + old.name() + ": no longer configured; its tables stay on the backends, "
                        + "out of the proxy's reach");
            }
        }
        return new LayoutDiff(tables, defaultNodes, warnings);
    }

    private static String group(TableConfig table) {
        return table.binding() != null ? table.binding() : table.name();
    }

    private static String sameShardKey(TablePlacement from, TablePlacement to) {
        return from.shardKey() != null && from.shardKey().equalsIgnoreCase(to.shardKey()) ? to.shardKey() : null;
    }

    private static Set<String> listedTables(SchemaConfig old, SchemaConfig now) {
        Set<String> names = new HashSet<>();
        for (SchemaConfig schema : List.of(old, now)) {
            for (TableConfig table : schema.tables()) {
                TableTopology.of(table).locations().forEach(l -> names.add(l.physicalTable().toLowerCase(Locale.ROOT)));
            }
        }
        return names;
    }

    /** Every table whose placement changes (including tables newly listed or no longer listed). */
    public List<TableChange> tables() {
        return tables;
    }

    /** The changes that would move stored rows: each applies only if its {@link TableChange#rowChecks} find none. */
    public List<TableChange> moving() {
        return tables.stream().filter(t -> t.movement().movesRows()).toList();
    }

    public List<DefaultNodeChange> defaultNodes() {
        return defaultNodes;
    }

    /** Things that apply but leave rows out of the proxy's reach; one line each, {@code path: message}. */
    public List<String> warnings() {
        return warnings;
    }

    /** True when no table's placement changes: the reload needs no look at the backends. */
    public boolean isEmpty() {
        return tables.isEmpty() && defaultNodes.isEmpty();
    }
}
