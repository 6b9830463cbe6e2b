package io.shardgate.router.planner;

import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;
import io.shardgate.router.keygen.IdSource;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.SchemaTopology;
import io.shardgate.router.topology.TableTopology;
import io.shardgate.router.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every sharded and broadcast table of a config with its strategy, found by schema and name
 * case-insensitively. Immutable; a reload builds a new one (and a new plan cache with it).
 */
public final class ShardCatalog {

    private final Topology topology;
    private final Map<String, CatalogTable> tables;
    private final String fallbackNode;

    private ShardCatalog(Topology topology, Map<String, CatalogTable> tables) {
        this.topology = topology;
        this.tables = tables;
        this.fallbackNode = topology.schemas().stream().findFirst().map(SchemaTopology::defaultNode)
                .orElse(topology.allNodes().isEmpty() ? null : topology.allNodes().getFirst());
    }

    /**
     * @param strategies the strategy of each sharded table; the proxy passes
     *     {@code t -> ShardStrategies.create(t, config.timeZone(), lookupStores)}
     * @param ids the key generator of each table with a {@code key-generator}
     */
    public static ShardCatalog of(ShardgateConfig config, Function<TableConfig, ShardStrategy> strategies,
                                  Function<TableConfig, IdSource> ids) {
        Topology topology = Topology.of(config);
        Map<String, CatalogTable> tables = new HashMap<>();
        for (SchemaTopology schema : topology.schemas()) {
            for (TableTopology t : schema.tables()) {
                TableConfig c = t.config();
                ShardStrategy strategy = c.broadcast() ? null : strategies.apply(c);
                String generated = c.keyGenerator() == null ? null : c.keyGenerator().column();
                tables.put(key(schema.name(), t.name()), new CatalogTable(schema.name(), t, strategy,
                        c.broadcast() ? null : c.shardKey(), generated, generated == null ? null : ids.apply(c),
                        CatalogTable.groupOf(t.name(), c.binding())));
            }
        }
        return new ShardCatalog(topology, Map.copyOf(tables));
    }

    private static String key(String schema, String table) {
        return schema.toLowerCase(Locale.ROOT) + '.' + table.toLowerCase(Locale.ROOT);
    }

    /** The sharded or broadcast table, or null for an unsharded table or unknown schema. */
    public CatalogTable table(String schema, String table) {
        return schema == null ? null : tables.get(key(schema, table));
    }

    /** The schema's topology (any case), empty for an unknown schema. */
    public Optional<SchemaTopology> schemaTopology(String schema) {
        return schema == null ? Optional.empty() : topology.schema(schema);
    }

    public boolean hasSchema(String schema) {
        return schema != null && topology.schema(schema).isPresent();
    }

    /** The schema's name as configured, or empty. */
    public Optional<String> schemaName(String schema) {
        return schema == null ? Optional.empty() : topology.schema(schema).map(SchemaTopology::name);
    }

    /**
     * Where statements naming no table of a sharded schema go: the schema's default node, or for an
     * unknown or absent schema the first schema's default node.
     */
    public String defaultNode(String schema) {
        if (schema != null) {
            Optional<String> node = topology.defaultNode(schema);
            if (node.isPresent()) {
                return node.get();
            }
        }
        return fallbackNode;
    }

    public List<String> allNodes() {
        return topology.allNodes();
    }

    public boolean hasNode(String node) {
        return topology.allNodes().contains(node);
    }

    /** Sharded and broadcast tables of a schema, in config order. */
    public List<CatalogTable> tables(String schema) {
        List<CatalogTable> result = new ArrayList<>();
        topology.schema(schema == null ? "" : schema).ifPresent(s -> s.tables()
                .forEach(t -> result.add(tables.get(key(s.name(), t.name())))));
        return result;
    }

    /** Configured schema names, in config order. */
    public List<String> schemaNames() {
        return topology.schemas().stream().map(SchemaTopology::name).toList();
    }
}
