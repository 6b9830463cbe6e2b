package io.shardgate.router.plan;

import io.shardgate.router.merge.RowStream;
import java.util.List;

/**
 * The opened reads of one {@link MergeShards} leaf.
 *
 * @param streams one per route, in route order; never empty
 * @param parallel every stream can be read while the others wait (each has a connection of its own), so
 *     an ordered merge may hold the head row of each; false when some share a connection and must be read
 *     one after another, which only a concatenation can do
 */
public record ShardInputs(List<RowStream> streams, boolean parallel) {

    public ShardInputs {
        streams = List.copyOf(streams);
    }
}
