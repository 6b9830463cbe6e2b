package io.shardgate.router.layout;

import io.shardgate.config.StrategyType;
import io.shardgate.config.TableConfig;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.time.ZoneId;
import java.util.List;

/**
 * Where one logical table's rows live under one config: its physical tables in shard order, and what decides
 * which of them holds a key.
 *
 * @param config the listed table; null for a table the config does not list (unsharded, under its own name on
 *     the schema's default node)
 * @param locations shard index -> physical table; for broadcast and unlisted tables one per copy
 * @param zone the config's {@code time-zone} (matters to time tables only)
 */
public record TablePlacement(String schema, String name, TableConfig config, List<ShardLocation> locations,
                             ZoneId zone) {

    public TablePlacement {
        locations = List.copyOf(locations);
    }

    public static TablePlacement of(String schema, TableConfig table, ZoneId zone) {
        return new TablePlacement(schema, table.name(), table, TableTopology.of(table).locations(), zone);
    }

    /** A table the config does not list: one copy, its own name, on the schema's default node. */
    public static TablePlacement unlisted(String schema, String name, String defaultNode) {
        return new TablePlacement(schema, name, null, List.of(new ShardLocation(defaultNode, name)), null);
    }

    public boolean unlisted() {
        return config == null;
    }

    /** Broadcast and unlisted tables: every location holds every row. */
    public boolean copies() {
        return config == null || config.broadcast();
    }

    public StrategyType strategy() {
        return config == null ? null : config.strategy();
    }

    public String shardKey() {
        return config == null ? null : config.shardKey();
    }

    public int shardCount() {
        return locations.size();
    }

    public ShardLocation location(int shard) {
        return locations.get(shard);
    }

    /** {@code shop.orders} */
    public String qualifiedName() {
        return schema + "." + name;
    }

    /**
     * True when both place every key alike by construction: same kind, shard key, strategy settings and physical
     * tables (and time zone, for time tables). Settings that do not place rows (key generator, lookup cache) may
     * differ.
     */
    boolean samePlacementAs(TablePlacement other) {
        if (unlisted() || other.unlisted()) {
            return unlisted() && other.unlisted() && locations.equals(other.locations);
        }
        if (config.broadcast() || other.config.broadcast()) {
            return config.broadcast() && other.config.broadcast() && locations.equals(other.locations);
        }
        return config.shardKey().equalsIgnoreCase(other.config.shardKey())
                && config.strategy() == other.config.strategy()
                && config.params().equals(other.config.params())
                && locations.equals(other.locations)
                && (config.strategy() != StrategyType.TIME || zone.equals(other.zone));
    }
}
