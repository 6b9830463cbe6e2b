package io.shardgate.router.topology;

import io.shardgate.config.NodeConfig;
import io.shardgate.config.SchemaConfig;
import io.shardgate.config.ShardgateConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where every logical table of a {@link ShardgateConfig} lives. Immutable: a config reload builds a new one
 * and the proxy swaps it in whole.
 */
public final class Topology {

    private final Map<String, SchemaTopology> schemas;
    private final List<String> allNodes;

    private Topology(Map<String, SchemaTopology> schemas, List<String> allNodes) {
        this.schemas = schemas;
        this.allNodes = allNodes;
    }

    public static Topology of(ShardgateConfig config) {
        Map<String, SchemaTopology> schemas = new LinkedHashMap<>();
        for (SchemaConfig schema : config.schemas()) {
            if (schemas.put(TableTopology.key(schema.name()), SchemaTopology.of(schema)) != null) {
                throw new IllegalArgumentException("schema " + schema.name() + " is configured twice");
            }
        }
        return new Topology(Map.copyOf(schemas), config.nodes().stream().map(NodeConfig::name).toList());
    }

    /** Schema by name, case-insensitively. */
    public Optional<SchemaTopology> schema(String schema) {
        return Optional.ofNullable(schemas.get(TableTopology.key(schema)));
    }

    /** A sharded or broadcast table; empty when the schema is unknown or the table is unsharded. */
    public Optional<TableTopology> table(String schema, String table) {
        return schema(schema).flatMap(s -> s.table(table));
    }

    /** The node unsharded tables of {@code schema} live on. */
    public Optional<String> defaultNode(String schema) {
        return schema(schema).map(SchemaTopology::defaultNode);
    }

    public Collection<SchemaTopology> schemas() {
        return schemas.values();
    }

    /** Every configured node's name, in config order. */
    public List<String> allNodes() {
        return allNodes;
    }
}
