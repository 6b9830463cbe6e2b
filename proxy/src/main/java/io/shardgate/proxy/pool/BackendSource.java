package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import java.util.concurrent.CompletableFuture;

/**
 * Where sessions get backend connections: the pools of every node and role. Implementations prefer a
 * connection living on {@code loop} (the client's event loop) so the hot path never hops threads.
 */
public interface BackendSource {

    /**
     * A connection to {@code node}'s primary, or to one of its replicas when {@code primary} is false and a
     * healthy one exists. {@code capabilities} are the client's: connections are kept per FOUND_ROWS and
     * DEPRECATE_EOF flavour so their raw responses can be forwarded unchanged.
     */
    CompletableFuture<BackendConnection> acquire(String node, boolean primary, int capabilities, EventLoop loop);

    /**
     * Gives a connection back. {@code clean} false means its state is unknown (a client vanished mid-result):
     * the source closes it instead of pooling it.
     */
    void release(BackendConnection connection, boolean clean);

    /**
     * Gives back a connection between two statements of a session (multiplexing): not reset, since what it was
     * told is recorded on it ({@link BackendConnection#state()}) for the next taker to build on.
     */
    default void releaseKeepingState(BackendConnection connection) {
        release(connection, true);
    }

    /**
     * The {@code @@sql_mode} a new connection to {@code node}'s primary starts with (the server's global
     * default), as last seen; null before any connection to it was opened.
     */
    default String serverSqlMode(String node) {
        return null;
    }

    /** False when reads and writes of {@code node} go to the same server. */
    boolean hasReplicas(String node);

    /**
     * Whether a connection a session holds for reads may keep serving them: false once its replica fell too far
     * behind ({@code max-replica-lag}), so the session takes a fresh connection (another replica, or the
     * primary). Primary connections always may.
     */
    default boolean stillReadable(BackendConnection connection) {
        return true;
    }

    /** Whether {@code connection} reaches a replica (not the primary standing in for one). */
    default boolean isReplica(BackendConnection connection) {
        return false;
    }

    /** KILL QUERY for the statement running on {@code connection}, sent over a separate connection. */
    void cancel(BackendConnection connection);

    /**
     * Like {@link #cancel}, telling when the server answered the KILL (or it could not be sent, or got no
     * answer within a bound of its own): the connection it is aimed at sends nothing more until then
     * ({@link BackendConnection#interrupt}), so a late KILL never hits the next statement. Never completes
     * exceptionally.
     */
    default CompletableFuture<Void> cancelQuery(BackendConnection connection) {
        cancel(connection);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Like {@link #acquire}, but only when a connection is available without waiting for another to be
     * released; completes with null otherwise. Sources without that notion never lend one.
     */
    default CompletableFuture<BackendConnection> tryAcquire(String node, boolean primary, int capabilities,
                                                           EventLoop loop) {
        return CompletableFuture.completedFuture(null);
    }
}
