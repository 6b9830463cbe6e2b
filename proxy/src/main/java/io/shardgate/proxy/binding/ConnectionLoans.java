package io.shardgate.proxy.binding;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.pool.BackendSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Pooled connections lent to one statement of a session, beside the session's own: a cross-shard read whose
 * shards share a node streams each shard on a connection of its own. A loan is synced to the session like
 * its own connections and goes back to its pool when the statement ends. Confined to the session's loop.
 */
final class ConnectionLoans {

    private final BackendSource source;
    private final EventLoop loop;
    private final int capabilities;
    private final StateSync sync;
    private final BooleanSupplier sessionClosed;
    /** Lent to the statement running now: a deadline and KILL QUERY reach them too. */
    private final Set<BackendConnection> lent = new HashSet<>();
    /** Being synced for a loan: not lent yet, but a deadline must reach them. */
    private final Set<BackendConnection> syncing = new HashSet<>();

    /** @param sessionClosed true once the session ended: nothing is lent any more */
    ConnectionLoans(BackendSource source, EventLoop loop, int capabilities, StateSync sync,
                    BooleanSupplier sessionClosed) {
        this.source = source;
        this.loop = loop;
        this.capabilities = capabilities;
        this.sync = sync;
        this.sessionClosed = sessionClosed;
    }

    /**
     * A pooled connection for one more shard of {@code node} in the given role, synced by {@code sync};
     * completes (on the session's loop) with null when the pool cannot lend one without queueing, or not
     * within {@code maxWait}; one that arrives later goes straight back to its pool.
     */
    CompletableFuture<BackendConnection> borrow(String node, boolean primary, Duration maxWait) {
        CompletableFuture<BackendConnection> result = new CompletableFuture<>();
        source.tryAcquire(node, primary, capabilities, loop)
                .thenComposeAsync(c -> {
                    if (c == null) {
                        return CompletableFuture.completedFuture((BackendConnection) null);
                    }
                    if (sessionClosed.getAsBoolean() || result.isDone()) {
                        source.release(c, true);
                        return CompletableFuture.completedFuture((BackendConnection) null);
                    }
                    syncing.add(c);
                    return sync.sync(new BoundConnection(c, sync.variables())).handleAsync((synced, failure) -> {
                        syncing.remove(c);
                        if (failure != null) {
                            source.release(c, false); // what the failed sync left behind is unknown
                            return null;
                        }
                        return synced;
                    }, loop);
                }, loop)
                .whenCompleteAsync((c, failure) -> {
                    if (c == null) {
                        result.complete(null);
                    } else if (result.complete(c)) {
                        lent.add(c);
                    } else {
                        source.release(c, true); // too late: the statement went on without it
                    }
                }, loop);
        var timer = loop.schedule(() -> result.complete(null), maxWait.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((c, f) -> timer.cancel(false));
        return result;
    }

    /**
     * Returns a borrowed connection; {@code clean} false closes it (its state is unknown). A clean one keeps the
     * session state it was synced to, recorded on it, as between multiplexed statements: loans only go to
     * sessions that hold nothing connection-bound, and serve reads.
     */
    void giveBack(BackendConnection connection, boolean clean) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> giveBack(connection, clean));
            return;
        }
        if (lent.remove(connection)) {
            if (clean && connection.isUsable()) {
                source.releaseKeepingState(connection);
            } else {
                source.release(connection, false);
            }
        }
    }

    /** Lent or being synced for a loan: what a deadline and KILL QUERY must reach besides the own ones. */
    List<BackendConnection> inPlay() {
        List<BackendConnection> all = new ArrayList<>(lent.size() + syncing.size());
        all.addAll(lent);
        all.addAll(syncing);
        return all;
    }
}
