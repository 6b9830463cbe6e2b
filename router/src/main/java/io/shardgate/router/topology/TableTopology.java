package io.shardgate.router.topology;

import io.shardgate.config.StrategyParams;
import io.shardgate.config.StrategyType;
import io.shardgate.config.TableConfig;
import io.shardgate.router.strategy.TimeLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Shard index -> {@link ShardLocation} for one logical table. Immutable.
 *
 * <ul>
 *   <li>Sharded tables: {@code <table>_<4-digit global index>} ({@code <table>_g<n>_<index>} after
 *       {@code RESHARD} moved them into generation n), spread over nodes as {@code locations} says:
 *       locations {@code [4, 4]} on {@code [ds0, ds1]} gives {@code orders_0000..0003} on ds0 and
 *       {@code orders_0004..0007} on ds1.</li>
 *   <li>Time strategy: one table per unit named by date, {@code events_202401} (month), {@code events_20240115}
 *       (day), {@code events_2024} (year); node i holds the units of period i.</li>
 *   <li>Binding tables: their config carries the parent's nodes, locations and params, so shard i of
 *       {@code order_items} ({@code order_items_0003}) sits on the same node as shard i of {@code orders}.</li>
 *   <li>Broadcast tables: one "shard" per node, each keeping the logical name.</li>
 * </ul>
 */
public final class TableTopology {

    private final TableConfig config;
    private final List<ShardLocation> locations;
    private final List<String> nodes;

    private TableTopology(TableConfig config, List<ShardLocation> locations) {
        this.config = config;
        this.locations = List.copyOf(locations);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        locations.forEach(l -> distinct.add(l.node()));
        this.nodes = List.copyOf(distinct);
    }

    public static TableTopology of(TableConfig table) {
        if (table.broadcast()) {
            return new TableTopology(table,
                    table.nodes().stream().map(n -> new ShardLocation(n, table.name())).toList());
        }
        if (table.strategy() == StrategyType.TIME && table.params() instanceof StrategyParams.Time time) {
            return new TableTopology(table, timeLocations(table, time));
        }
        if (table.locations().size() != table.nodes().size()) {
            throw new IllegalArgumentException("table " + table.name() + ": " + table.locations().size()
                    + " locations for " + table.nodes().size() + " nodes");
        }
        List<ShardLocation> result = new ArrayList<>(table.shardCount());
        for (int n = 0; n < table.nodes().size(); n++) {
            int count = table.locations().get(n);
            for (int i = 0; i < count; i++) {
                result.add(new ShardLocation(table.nodes().get(n), physicalName(table, result.size())));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("table " + table.name() + " has no shards");
        }
        return new TableTopology(table, result);
    }

    private static List<ShardLocation> timeLocations(TableConfig table, StrategyParams.Time time) {
        if (time.periods().size() != table.nodes().size()) {
            throw new IllegalArgumentException("table " + table.name() + ": " + time.periods().size()
                    + " periods for " + table.nodes().size() + " nodes");
        }
        TimeLayout layout = TimeLayout.of(time);
        List<ShardLocation> result = new ArrayList<>(layout.shardCount());
        for (int shard = 0; shard < layout.shardCount(); shard++) {
            result.add(new ShardLocation(table.nodes().get(layout.periodOf(shard)),
                    table.physicalPrefix() + layout.suffix(shard)));
        }
        return result;
    }

    /** {@code orders_0003}: the kingshard naming of sharded physical tables. */
    public static String physicalName(String table, int globalIndex) {
        return table + "_" + fourDigits(globalIndex);
    }

    /** {@code orders_0003}, or {@code orders_g1_0003} once resharded into generation 1. */
    public static String physicalName(TableConfig table, int globalIndex) {
        return table.physicalPrefix() + fourDigits(globalIndex);
    }

    private static String fourDigits(int index) {
        String digits = Integer.toString(index);
        return "0000".substring(Math.min(4, digits.length())) + digits;
    }

    /** The logical name as configured. */
    public String name() {
        return config.name();
    }

    public TableConfig config() {
        return config;
    }

    public boolean broadcast() {
        return config.broadcast();
    }

    /** The parent's name for a binding table, else null. */
    public String binding() {
        return config.binding();
    }

    public int shardCount() {
        return locations.size();
    }

    public ShardLocation location(int shard) {
        if (shard < 0 || shard >= locations.size()) {
            throw new IndexOutOfBoundsException(
                    "table " + name() + " has shards 0.." + (locations.size() - 1) + ", not " + shard);
        }
        return locations.get(shard);
    }

    /** Every shard's location, in shard order. */
    public List<ShardLocation> locations() {
        return locations;
    }

    /** The nodes holding this table, each once, in shard order. */
    public List<String> nodes() {
        return nodes;
    }

    /** Key for case-insensitive lookups by name. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name() + locations;
    }
}
