package io.shardgate.proxy.execute.scatter;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where a scatter's shard reads get their backend connections: the session's own (pinned) connection per
 * node and role, and, when the session may lend them out, extra pooled connections for one statement.
 * {@link SessionConnections} serves them from an {@code ExecutionContext}; tests use fakes.
 *
 * <p>Called on the client's event loop, except {@link #giveBack}, which may be called from any thread.
 */
interface ScatterConnections {

    /** The session's connection for (node, role), synced to the session. */
    CompletableFuture<ShardConnection> pinned(String node, boolean primary);

    /**
     * False inside a transaction or while the session holds state only its pinned connections have: then
     * every read runs on those.
     */
    boolean mayBorrow();

    /** The user variables the session SET (lower case, with their {@code @}): every connection holds them. */
    Set<String> syncedUserVariables();

    /**
     * One more connection to (node, role) synced to the session, for this statement only; completes with
     * null, never exceptionally, when none is available right away.
     */
    CompletableFuture<ShardConnection> borrow(String node, boolean primary);

    /** Returns a borrowed connection whose statement is over (response read to its end, KILL answered). */
    void giveBack(ShardConnection borrowed);
}
