package io.shardgate.router.plan;

/**
 * What a read tree needs from whoever runs it, as Vitess's VCursor: the rows of its shard reads and the
 * limits on the proxy's memory. The router defines it and does no I/O; the proxy implements it over its
 * backend connections, and tests over canned rows.
 */
public interface ReadContext {

    /**
     * Starts the reads of {@code leaf}: one stream per route, in route order. Each stream's rows arrive in
     * {@link MergeShards#shardOrder()}.
     */
    ShardInputs open(MergeShards leaf);

    /** The most rows an in-memory sort may hold ({@code proxy.max-sort-rows}); more fails with 1038. */
    default long maxSortRows() {
        return Long.MAX_VALUE;
    }

    /** The most rows a join may hold of its build side ({@code proxy.max-join-rows}); more fails with 1038. */
    default long maxJoinRows() {
        return Long.MAX_VALUE;
    }
}
