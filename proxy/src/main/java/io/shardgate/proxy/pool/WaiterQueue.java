package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.shardgate.proxy.backend.BackendConnection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The acquires of a {@link ConnectionPool} that wait for a connection, oldest first. One that times out stays in
 * the queue, marked, and is skipped when its turn comes: removing it from the middle would scan the whole queue
 * per timeout, under the pool's monitor, on an event loop (with 10,000 clients the c10k benchmark spent 23% of
 * the loops' time there and collapsed into 1040s). When the dead are most of a long queue, one sweep removes
 * them, paid for by the timeouts since the last one (amortized O(1)).
 *
 * <p>Not thread-safe: the pool calls it under its own monitor, which also guards the waiters' flags.
 */
final class WaiterQueue {

    /** Dead waiters tolerated before a sweep is considered at all. */
    static final int SWEEP_AFTER = 1024;

    /** An acquire that queued. */
    static final class Waiter {
        final CompletableFuture<BackendConnection> future;
        final EventLoop loop;
        /** The acquire-timeout task; cancelled by whoever takes the waiter off the queue. */
        ScheduledFuture<?> timeout;
        /** In the queue. */
        boolean queued = true;
        /** Timed out while queued. */
        boolean abandoned;

        Waiter(CompletableFuture<BackendConnection> future, EventLoop loop) {
            this.future = future;
            this.loop = loop;
        }
    }

    private final Deque<Waiter> waiters = new ArrayDeque<>();
    /** Waiters still in {@link #waiters} that timed out. */
    private int abandoned;

    void add(Waiter waiter) {
        waiters.add(waiter);
    }

    /** The longest waiter that has not timed out, off the queue; null when none. */
    Waiter poll() {
        for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
            w.queued = false;
            if (!w.abandoned) {
                return w;
            }
            abandoned--;
        }
        return null;
    }

    /**
     * Marks a waiter whose acquire-timeout fired.
     *
     * @return true when it was still waiting; false when a connection or a free slot already took it off the
     *     queue (or it was marked before)
     */
    boolean abandon(Waiter waiter) {
        if (!waiter.queued || waiter.abandoned) {
            return false;
        }
        waiter.abandoned = true;
        abandoned++;
        if (abandoned > SWEEP_AFTER && abandoned * 2 > waiters.size()) {
            waiters.removeIf(w -> w.abandoned);
            abandoned = 0;
        }
        return true;
    }

    /** Waiters that have not timed out. */
    int size() {
        return waiters.size() - abandoned;
    }

    /** Entries held, dead ones included: what the queue costs in memory. */
    int held() {
        return waiters.size();
    }
}
