package io.shardgate.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The whole sharding.yaml, loaded, validated and resolved. Immutable: a reload builds a new one.
 *
 * <p>Invariants after {@link ConfigLoader} returns: every node a schema or table names exists,
 * binding tables carry their parent's strategy, nodes and locations (see {@link TableConfig}),
 * and every list is unmodifiable.
 *
 * @param timeZone how TIMESTAMP values and unix times map to time-strategy periods (default UTC)
 * @param reshard the pace and cutover bound of {@code RESHARD}
 */
public record ShardgateConfig(
        ProxySettings proxy,
        AdminSettings admin,
        List<NodeConfig> nodes,
        List<SchemaConfig> schemas,
        ZoneId timeZone,
        ReshardSettings reshard) {

    public ShardgateConfig {
        nodes = List.copyOf(nodes);
        schemas = List.copyOf(schemas);
        reshard = reshard == null ? ReshardSettings.DEFAULTS : reshard;
    }

    /** A config with the default {@code reshard:} settings. */
    public ShardgateConfig(ProxySettings proxy, AdminSettings admin, List<NodeConfig> nodes, List<SchemaConfig> schemas,
                           ZoneId timeZone) {
        this(proxy, admin, nodes, schemas, timeZone, ReshardSettings.DEFAULTS);
    }

    /** The id layout a key generator uses: its own {@code layout}, else {@code proxy.id-layout}. */
    public String idLayoutOf(KeyGeneratorConfig generator) {
        return generator.layout() != null ? generator.layout() : proxy.idLayout();
    }

    /** A plain loop over a handful of nodes: asked for every backend connection a statement takes. */
    public Optional<NodeConfig> node(String name) {
        for (NodeConfig n : nodes) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * The node that answers what is not about a sharded table for a session in {@code schema} (null or unknown:
     * the first schema's): that schema's default node, or the first node when there are no schemas.
     */
    public String defaultNode(String schema) {
        SchemaConfig s = schema == null ? null : schema(schema).orElse(null);
        if (s == null && !schemas.isEmpty()) {
            s = schemas.get(0);
        }
        return s != null ? s.defaultNode() : nodes.get(0).name();
    }

    /**
     * Whether sessions in {@code schema} give their backend connections back between statements (null or unknown:
     * the first schema's setting, as for {@link #defaultNode}). A plain loop: asked after every statement.
     */
    public boolean multiplexing(String schema) {
        if (schemas.isEmpty()) {
            return true;
        }
        if (schema != null) {
            for (SchemaConfig s : schemas) {
                if (s.name().equalsIgnoreCase(schema)) {
                    return s.multiplexing();
                }
            }
        }
        return schemas.get(0).multiplexing();
    }

    /** How transactions in {@code schema} commit when they wrote on several nodes (null or unknown: the first schema's). */
    public TransactionMode transactionMode(String schema) {
        if (schemas.isEmpty()) {
            return TransactionMode.XA;
        }
        if (schema != null) {
            for (SchemaConfig s : schemas) {
                if (s.name().equalsIgnoreCase(schema)) {
                    return s.transactionMode();
                }
            }
        }
        return schemas.get(0).transactionMode();
    }

    /** How reads in {@code schema} see the session's writes (null or unknown: the first schema's, as above). */
    public ReadYourWrites readYourWrites(String schema) {
        if (schemas.isEmpty()) {
            return ReadYourWrites.DEFAULT;
        }
        if (schema != null) {
            for (SchemaConfig s : schemas) {
                if (s.name().equalsIgnoreCase(schema)) {
                    return s.readYourWrites();
                }
            }
        }
        return schemas.get(0).readYourWrites();
    }

    /** Schema names are matched case-insensitively, as MySQL does on Linux for lower_case_table_names=1 setups. */
    public Optional<SchemaConfig> schema(String name) {
        return schemas.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }
}
