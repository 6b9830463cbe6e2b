package io.shardgate.router.planner;

import io.shardgate.router.strategy.LookupStrategy;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.TableTopology;
import java.util.Locale;
import io.shardgate.router.keygen.IdSource;

/**
 * A sharded or broadcast table as the planner sees it.
 *
 * @param strategy null for broadcast tables
 * @param shardKey null for broadcast tables
 * @param generatedColumn the key-generator column, or null
 * @param ids the key generator filling {@code generatedColumn} (its id layout), or null
 * @param group binding group: the lower-cased name of the table whose strategy and locations this one
 *     shares (its own name when it binds to nothing); tables of one group can be joined per shard
 */
public record CatalogTable(String schema, TableTopology topology, ShardStrategy strategy, String shardKey,
                           String generatedColumn, IdSource ids, String group) {

    public String name() {
        return topology.name();
    }

    public boolean broadcast() {
        return strategy == null;
    }

    public boolean isShardKey(String column) {
        return shardKey != null && shardKey.equalsIgnoreCase(column);
    }

    public boolean lookup() {
        return strategy instanceof LookupStrategy;
    }

    static String groupOf(String name, String binding) {
        return (binding == null ? name : binding).toLowerCase(Locale.ROOT);
    }
}
