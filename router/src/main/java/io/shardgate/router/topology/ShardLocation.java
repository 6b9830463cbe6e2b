package io.shardgate.router.topology;

/**
 * Where one shard of a logical table lives.
 *
 * @param node the data node's name (as in config {@code nodes:})
 * @param physicalTable the table name on that node, e.g. {@code orders_0003} or {@code events_202401}
 */
public record ShardLocation(String node, String physicalTable) {
}
