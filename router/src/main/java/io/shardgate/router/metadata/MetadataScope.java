package io.shardgate.router.metadata;

import io.shardgate.router.sql.SqlMode;
import io.shardgate.router.topology.SchemaTopology;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which node tells what about a set of schemas, for one metadata query that a node {@link #finalNode} answers.
 * A schema's unsharded tables live on its default node; a sharded table's rows come from its physical
 * tables, on their nodes; a broadcast table's from its copy on the default node, or else its first node. So
 * the final node keeps its own rows except the physical tables and the schemas other nodes own
 * ({@link #ownRows}), and every other row is asked of the node that has it ({@link #gathers}), to be folded
 * into logical rows.
 *
 * @param schemas the schemas the query may see (the others are left as the final node shows them: the
 *     query's own conditions exclude them)
 * @param tables which logical tables matter, given a table's logical and physical names (a table matters when
 *     any of them passes); null for all
 */
public record MetadataScope(String finalNode, List<SchemaTopology> schemas, Predicate<String> tables) {

    /** One query to one node: the rows it contributes. */
    public record Gather(String node, String sql) {
    }

    public MetadataScope {
        schemas = List.copyOf(schemas);
    }

    /** Whether the final node's own rows would be wrong or incomplete for these schemas. */
    public boolean changesAnything() {
        for (SchemaTopology s : schemas) {
            if (!s.defaultNode().equals(finalNode) || !shardedNames(s, true).isEmpty()) {
                return true;
            }
            for (TableTopology t : tablesOf(s)) {
                if (t.broadcast() && matters(t) && !home(t, s).equals(s.defaultNode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The condition that keeps the final node's own rows of {@code view} (never its physical tables). */
    public String ownRows(MetadataView view) {
        if (view == MetadataView.SCHEMATA) {
            List<String> names = new ArrayList<>();
            names.add(quote("information_schema"));
            schemas.stream().filter(s -> s.defaultNode().equals(finalNode)).forEach(s -> names.add(quote(s.name())));
            return view.schemaColumn() + " IN (" + String.join(", ", names) + ")";
        }
        List<String> excluded = new ArrayList<>();
        for (SchemaTopology s : schemas) {
            if (!s.defaultNode().equals(finalNode)) {
                excluded.add(view.schemaColumn() + " = " + quote(s.name()));
                continue;
            }
            List<String> physical = shardedNames(s, true);
            if (!physical.isEmpty()) {
                excluded.add("(" + view.schemaColumn() + " = " + quote(s.name()) + " AND " + view.tableColumn()
                        + " IN (" + quoted(physical) + "))");
            }
        }
        return excluded.isEmpty() ? null : "NOT (" + String.join(" OR ", excluded) + ")";
    }

    /**
     * The queries that bring every row the final node lacks, the final node's first (it runs even when it
     * contributes nothing: its columns are the ones the answer has).
     */
    public List<Gather> gathers(MetadataView view) {
        List<String> nodes = new ArrayList<>();
        nodes.add(finalNode);
        for (SchemaTopology s : schemas) {
            addNode(nodes, s.defaultNode());
            for (TableTopology t : tablesOf(s)) {
                t.nodes().forEach(n -> addNode(nodes, n));
            }
        }
        nodes.subList(1, nodes.size()).sort(null);
        List<Gather> gathers = new ArrayList<>();
        for (String node : nodes) {
            List<String> parts = view == MetadataView.SCHEMATA ? schemaParts(view, node) : tableParts(view, node);
            if (parts.isEmpty() && !node.equals(finalNode)) {
                continue;
            }
            gathers.add(new Gather(node, "SELECT * FROM " + view.qualifiedName() + " WHERE "
                    + (parts.isEmpty() ? "1 = 0" : String.join(" OR ", parts))));
        }
        return gathers;
    }

    private List<String> schemaParts(MetadataView view, String node) {
        List<String> parts = new ArrayList<>();
        for (SchemaTopology s : schemas) {
            if (s.defaultNode().equals(node) && !node.equals(finalNode)) {
                parts.add(view.schemaColumn() + " = " + quote(s.name()));
            }
        }
        return parts;
    }

    private List<String> tableParts(MetadataView view, String node) {
        List<String> parts = new ArrayList<>();
        for (SchemaTopology s : schemas) {
            String schemaIs = view.schemaColumn() + " = " + quote(s.name());
            if (s.defaultNode().equals(node) && !node.equals(finalNode)) {
                List<String> physical = shardedNames(s, false);
                parts.add(physical.isEmpty() ? schemaIs
                        : "(" + schemaIs + " AND " + view.tableColumn() + " NOT IN (" + quoted(physical) + "))");
            }
            List<String> names = new ArrayList<>();
            for (TableTopology t : tablesOf(s)) {
                if (!matters(t)) {
                    continue;
                }
                if (t.broadcast()) {
                    String home = home(t, s);
                    if (home.equals(node) && !home.equals(s.defaultNode())) {
                        names.add(t.name());
                    }
                    continue;
                }
                List<ShardLocation> read = view.everyShard() ? t.locations() : List.of(t.location(0));
                read.stream().filter(l -> l.node().equals(node)).forEach(l -> names.add(l.physicalTable()));
            }
            if (!names.isEmpty()) {
                parts.add("(" + schemaIs + " AND " + view.tableColumn() + " IN (" + quoted(names) + "))");
            }
        }
        return parts;
    }

    /** Physical names of the schema's sharded tables: those that matter, or all. */
    private List<String> shardedNames(SchemaTopology s, boolean onlyThoseThatMatter) {
        List<String> names = new ArrayList<>();
        for (TableTopology t : tablesOf(s)) {
            if (!t.broadcast() && (!onlyThoseThatMatter || matters(t))) {
                t.locations().forEach(l -> names.add(l.physicalTable()));
            }
        }
        return names;
    }

    /** A schema's sharded and broadcast tables by name, so the SQL written is the same for every run. */
    private static List<TableTopology> tablesOf(SchemaTopology s) {
        return s.tables().stream().sorted(java.util.Comparator.comparing(TableTopology::name)).toList();
    }

    private boolean matters(TableTopology t) {
        if (tables == null || tables.test(t.name())) {
            return true;
        }
        return !t.broadcast() && t.locations().stream().anyMatch(l -> tables.test(l.physicalTable()));
    }

    /** The node a broadcast table's rows come from: the schema's default node when it has a copy. */
    private static String home(TableTopology t, SchemaTopology s) {
        return t.nodes().contains(s.defaultNode()) ? s.defaultNode() : t.nodes().getFirst();
    }

    private static void addNode(List<String> nodes, String node) {
        if (!nodes.contains(node)) {
            nodes.add(node);
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(MetadataScope::quote).toList());
    }

    static String quote(String s) {
        return SqlMode.quoteAnyMode(s);
    }
}
