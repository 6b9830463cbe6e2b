package io.shardgate.router.topology;

import io.shardgate.config.SchemaConfig;
import io.shardgate.config.TableConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sharded and broadcast tables of one schema, found by name case-insensitively. Tables not listed
 * live unsharded on {@link #defaultNode()}. Immutable.
 */
public final class SchemaTopology {

    private final String name;
    private final String defaultNode;
    private final Map<String, TableTopology> tables;
    /** Physical shard table (lower case) to its sharded table's logical name. */
    private final Map<String, String> logicalByPhysical;

    private SchemaTopology(String name, String defaultNode, Map<String, TableTopology> tables) {
        this.name = name;
        this.defaultNode = defaultNode;
        this.tables = tables;
        Map<String, String> logical = new HashMap<>();
        for (TableTopology t : tables.values()) {
            if (!t.broadcast()) {
                t.locations().forEach(l -> logical.put(TableTopology.key(l.physicalTable()), t.name()));
            }
        }
        this.logicalByPhysical = Map.copyOf(logical);
    }

    public static SchemaTopology of(SchemaConfig schema) {
        Map<String, TableTopology> tables = new LinkedHashMap<>();
        for (TableConfig table : schema.tables()) {
            if (tables.put(TableTopology.key(table.name()), TableTopology.of(table)) != null) {
                throw new IllegalArgumentException(
                        "schema " + schema.name() + " lists table " + table.name() + " twice");
            }
        }
        return new SchemaTopology(schema.name(), schema.defaultNode(), Map.copyOf(tables));
    }

    public String name() {
        return name;
    }

    public String defaultNode() {
        return defaultNode;
    }

    /** The sharded or broadcast table named {@code table} (any case); empty for unsharded tables. */
    public Optional<TableTopology> table(String table) {
        return Optional.ofNullable(tables.get(TableTopology.key(table)));
    }

    /**
     * The logical name of a sharded table's physical table ({@code orders_0003} -> {@code orders}), so results
     * can name the table the client wrote; empty for every other name (unsharded and broadcast tables keep
     * their names on the backends).
     */
    public Optional<String> logicalTableOf(String physicalTable) {
        return logicalByPhysical.isEmpty() ? Optional.empty()
                : Optional.ofNullable(logicalByPhysical.get(TableTopology.key(physicalTable)));
    }

    /** True when some table of this schema is split into physical tables with other names. */
    public boolean hasShardedTables() {
        return !logicalByPhysical.isEmpty();
    }

    public Collection<TableTopology> tables() {
        return tables.values();
    }
}
