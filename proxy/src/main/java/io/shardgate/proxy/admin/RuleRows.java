package io.shardgate.proxy.admin;

import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import io.shardgate.router.topology.SchemaTopology;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code SHOW SCHEMAS} and {@code SHOW TABLES RULES}: the routing rules of the live config, as tables. */
final class RuleRows {

    private RuleRows() {
    }

    static AdminTable schemas(ShardgateConfig config) {
        AdminTable.Builder t = AdminTable.of("schema", "default_node", "sharded_tables", "broadcast_tables", "nodes");
        for (SchemaConfig s : config.schemas()) {
            long broadcast = s.tables().stream().filter(TableConfig::broadcast).count();
            t.row(s.name(), s.defaultNode(), s.tables().size() - broadcast, broadcast,
                    String.join(",", NodeRows.nodesOf(s)));
        }
        return t.build();
    }

    /** Every listed table of {@code schema} (null: of every schema). */
    static AdminTable tables(ShardgateConfig config, String schema) {
        List<SchemaConfig> schemas = config.schemas();
        if (schema != null) {
            schemas = List.of(config.schema(schema).orElseThrow(() -> new AdminException("no schema named '" + schema
                    + "'; schemas are " + config.schemas().stream().map(SchemaConfig::name).toList())));
        }
        AdminTable.Builder t = AdminTable.of("schema", "table", "strategy", "shard_key", "nodes", "shards",
                "physical_tables", "binding_group");
        for (SchemaConfig s : schemas) {
            SchemaTopology topology = SchemaTopology.of(s);
            for (TableConfig table : s.tables()) {
                TableTopology tt = topology.table(table.name()).orElse(null);
                t.row(s.name(), table.name(), table.broadcast() ? "broadcast" : strategyName(table),
                        table.shardKey(), String.join(",", tt == null ? table.nodes() : tt.nodes()),
                        table.broadcast() ? null : table.shardCount(),
                        tt == null ? null : physicalTables(tt), bindingGroup(s, table));
            }
        }
        return t.build();
    }

    private static String strategyName(TableConfig table) {
        return table.strategy() == null ? null : table.strategy().yamlName();
    }

    /** {@code orders_0000..orders_0003 on ds0; orders_0004..orders_0007 on ds1}. */
    static String physicalTables(TableTopology table) {
        if (table.broadcast()) {
            return table.name() + " on " + String.join(",", table.nodes());
        }
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (ShardLocation l : table.locations()) {
            byNode.computeIfAbsent(l.node(), n -> new ArrayList<>()).add(l.physicalTable());
        }
        List<String> parts = new ArrayList<>();
        byNode.forEach((node, names) -> parts.add((names.size() == 1 ? names.getFirst()
                : names.getFirst() + ".." + names.getLast()) + " on " + node));
        return String.join("; ", parts);
    }

    /** The binding group a table is in (its parent's name, or its own when others bind to it), else null. */
    private static String bindingGroup(SchemaConfig schema, TableConfig table) {
        String parent = table.binding() != null ? table.binding() : table.name();
        List<String> members = new ArrayList<>();
        members.add(parent);
        schema.tables().stream().filter(t -> parent.equalsIgnoreCase(t.binding())).forEach(t -> members.add(t.name()));
        return members.size() > 1 ? String.join(",", members) : null;
    }
}
