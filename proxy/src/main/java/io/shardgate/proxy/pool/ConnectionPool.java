package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.shardgate.config.PoolSettings;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendException;
import io.shardgate.proxy.backend.BackendSettings;
import io.shardgate.proxy.pool.WaiterQueue.Waiter;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections to one backend server (a node's primary or one replica) of one protocol flavour.
 *
 * <p>State is four counts under one lock (the pool is touched once per session binding, not per statement,
 * so a lock is simpler than HikariCP's lock-free bag and costs nothing measurable): idle connections
 * ({@link IdleList}), total open or opening, and waiters ({@link WaiterQueue}); the two containers know nothing
 * of the policy here. Acquire never blocks a thread: it completes a future, now or when a connection frees up,
 * or fails it after {@code acquire-timeout} with a message that prints the pool's counts. Connections come
 * back through {@link #release}: reset with COM_RESET_CONNECTION (so no session state leaks to the next client)
 * or closed when their state is unknown.
 */
public final class ConnectionPool {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final String name;
    private final BackendSettings settings;
    private final PoolSettings limits;
    private final BackendConnector connector;
    /** Guarded by this pool's monitor, like the waiters and the counts below. */
    private final IdleList idle = new IdleList();
    private final WaiterQueue waiters = new WaiterQueue();
    private int total;
    /** Idle connections out of the idle list for a validation ping: still idle as far as min-idle goes. */
    private int validating;
    /** Connections being opened to refill min-idle. */
    private int filling;
    /** Volatile: {@link #closed()} is read without the lock, on every acquire through NodePools. */
    private volatile boolean closed;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong closedCount = new AtomicLong();
    private final AtomicLong validationFailures = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong acquireTimeouts = new AtomicLong();
    /** Acquires served, and the nanoseconds they waited in all (for the acquire-wait metric). */
    private final AtomicLong acquires = new AtomicLong();
    private final AtomicLong acquireWaitNanos = new AtomicLong();
    private final ServerHealth health;
    /** An acquire timed out and no connection came back since: logged once per episode. */
    private volatile boolean exhausted;

    /** @param health the server's record, told of every connect that fails or succeeds */
    public ConnectionPool(String name, BackendSettings settings, PoolSettings limits, BackendConnector connector,
                          ServerHealth health) {
        this.name = name;
        this.settings = settings;
        this.limits = limits;
        this.connector = connector;
        this.health = health;
    }

    public ServerHealth health() {
        return health;
    }

    public PoolSettings limits() {
        return limits;
    }

    public String name() {
        return name;
    }

    /**
     * How long opening a connection may take ({@code pool.connect-timeout}); also the bound on control
     * exchanges (reset, ping, KILL QUERY), which a healthy server answers as fast as a login.
     */
    Duration connectTimeout() {
        return settings.connectTimeout();
    }

    public CompletableFuture<BackendConnection> acquire(EventLoop loop) {
        CompletableFuture<BackendConnection> future = new CompletableFuture<>();
        boolean open = false;
        synchronized (this) {
            if (closed) {
                future.completeExceptionally(new ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket(
                        "shardgate: backend pool " + name + " is closed (config reloaded or shutting down)")));
                return future;
            }
            BackendConnection candidate = pollIdle(loop, false);
            if (candidate != null) {
                acquires.incrementAndGet();
                future.complete(candidate);
                return future;
            }
            if (total < limits.max()) {
                total++;
                open = true;
            } else {
                Waiter waiter = new Waiter(future, loop);
                waiter.timeout = loop.schedule(() -> timeOut(waiter), limits.acquireTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                waiters.add(waiter);
            }
        }
        if (open) {
            openInto(future, loop);
        }
        long started = System.nanoTime();
        return future.whenComplete((c, failure) -> {
            if (failure == null) {
                acquires.incrementAndGet();
                acquireWaitNanos.addAndGet(System.nanoTime() - started);
            }
        });
    }

    /**
     * A connection only if one can be had without queueing: an idle one, or a new one while the pool is
     * below {@code max}; completes with null at once otherwise (also when others already wait, so this never
     * jumps their queue). For optional work that has a fallback, such as a scatter's extra shard connections.
     */
    public CompletableFuture<BackendConnection> tryAcquire(EventLoop loop) {
        CompletableFuture<BackendConnection> future = new CompletableFuture<>();
        synchronized (this) {
            if (closed || waiting() > 0) {
                future.complete(null);
                return future;
            }
            BackendConnection candidate = pollIdle(loop, true); // one of another loop beats waiting for a new login
            if (candidate != null) {
                future.complete(candidate);
                return future;
            }
            if (total >= limits.max()) {
                future.complete(null);
                return future;
            }
            total++;
        }
        openInto(future, loop);
        return future;
    }

    /**
     * A connection to this server outside the pool and its {@code max}, for the caller to close: for the rare
     * command that must not wait for a pool full of the very connections it is about (KILL QUERY).
     */
    public CompletableFuture<BackendConnection> connectOutside(EventLoop loop) {
        return connector.connect(loop, settings);
    }

    /** {@link IdleList#poll}, closing the books on unusable connections found on the way. Under the monitor. */
    private BackendConnection pollIdle(EventLoop loop, boolean anyLoop) {
        BackendConnection found = idle.poll(loop, anyLoop, limits.max() - total);
        int dropped = idle.takeDropped();
        if (dropped > 0) {
            total -= dropped;
            closedCount.addAndGet(dropped);
        }
        return found;
    }

    private void openInto(CompletableFuture<BackendConnection> future, EventLoop loop) {
        connector.connect(loop, settings).whenComplete((connection, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    total--;
                }
                connectFailed(failure);
                future.completeExceptionally(new ErrorResponse(MysqlError.UNKNOWN_ERROR.toPacket(
                        "shardgate: cannot connect to backend " + name + " (" + settings.address() + "): "
                                + BackendException.reason(failure))));
                handOffCapacity();
            } else {
                connected(connection);
                if (!future.complete(connection)) {
                    release(connection, true); // the waiter timed out meanwhile
                }
            }
        });
    }

    private void connectFailed(Throwable failure) {
        connectFailures.incrementAndGet();
        health.failed(BackendException.reason(failure));
    }

    private void connected(BackendConnection connection) {
        created.incrementAndGet();
        health.answered(connection.serverVersion());
    }

    private void timeOut(Waiter waiter) {
        CompletableFuture<BackendConnection> future = waiter.future;
        String counts;
        boolean waited;
        synchronized (this) {
            waited = waiters.abandon(waiter);
            counts = counts();
        }
        if (future.isDone()) {
            return;
        }
        acquireTimeouts.incrementAndGet();
        if (waited && !exhausted) {
            exhausted = true;
            health.count(ServerHealth.Event.POOL_EXHAUSTED);
            LOG.warn("backend pool {} is exhausted: a statement waited {} ms for a connection in vain ({}); raise "
                    + "pool.max or lower client concurrency", name, limits.acquireTimeout().toMillis(), counts);
        }
        // 1040 as a server at max_connections answers: drivers and pools treat it as "retry later"
        future.completeExceptionally(new ErrorResponse(MysqlError.CON_COUNT_ERROR.toPacketSaying(
                "Too many connections: shardgate has no connection to backend " + name + " within "
                        + limits.acquireTimeout().toMillis()
                        + " ms (" + counts + "); raise pool.max or lower client concurrency")));
    }

    /**
     * Takes a connection back. Clean ones are reset and go to a waiter or the idle list; others are closed.
     */
    public void release(BackendConnection connection, boolean clean) {
        if (!clean || !connection.isUsable()) {
            discard(connection, "state unknown after the client left mid-response");
            return;
        }
        connection.resetConnection(settings.connectTimeout()).whenComplete((x, failure) -> {
            if (failure != null) {
                discard(connection, "reset failed: " + BackendException.reason(failure));
                return;
            }
            offer(connection);
        });
    }

    /**
     * Takes back a connection a session used for one statement, without resetting it: its session state (schema,
     * variables, prepared statements) is recorded on it ({@link BackendConnection#state()}), and the next session
     * to take it changes only what differs. Multiplexing makes this the hot path, where a reset would cost a
     * round trip per statement.
     */
    public void releaseKeepingState(BackendConnection connection) {
        if (!connection.isUsable() || connection.isBusy()) {
            discard(connection, "given back unusable or with a response outstanding");
            return;
        }
        offer(connection);
    }

    /** A clean connection goes to the longest waiter, else to the idle list (closed when the pool is). */
    private void offer(BackendConnection connection) {
        offer(connection, null);
    }

    /**
     * @param idleSince when a connection that only passed a validation ping was last used (it goes back at
     *     the old end of the idle list, so idle-timeout still retires it); null for one just used or opened
     */
    private void offer(BackendConnection connection, Long idleSince) {
        Waiter waiter;
        synchronized (this) {
            if (closed) {
                waiter = null;
            } else {
                waiter = waiters.poll();
                if (waiter == null) {
                    if (exhausted) {
                        exhausted = false;
                        LOG.info("backend pool {} has idle connections again", name);
                    }
                    if (idleSince == null) {
                        idle.addRecent(connection, System.nanoTime());
                    } else {
                        idle.addOld(connection, idleSince);
                    }
                    return;
                }
            }
        }
        if (waiter == null) {
            discard(connection, "pool closed");
            return;
        }
        waiter.timeout.cancel(false);
        if (!waiter.future.complete(connection)) {
            release(connection, true);
        }
    }

    private void discard(BackendConnection connection, String reason) {
        LOG.debug("closing {} ({})", connection, reason);
        connection.close();
        closedCount.incrementAndGet();
        synchronized (this) {
            total--;
        }
        handOffCapacity();
    }

    /** A slot freed up: open a connection for the longest waiter, if any. */
    private void handOffCapacity() {
        Waiter waiter;
        synchronized (this) {
            if (closed || total >= limits.max() || (waiter = waiters.poll()) == null) {
                return;
            }
            total++;
        }
        waiter.timeout.cancel(false);
        openInto(waiter.future, waiter.loop);
    }

    /**
     * The housekeeper's round: closes connections idle past idle-timeout (keeping min-idle), pings those
     * idle longer than {@code validateAfter} (a backend restart, a firewall or the server's wait_timeout may
     * have ended them without the proxy noticing) and closes the ones that do not answer, then opens
     * connections until min-idle are idle again. Never blocks; the pings and opens complete later.
     *
     * @param loops where new connections live (their event loop is the one a session then prefers)
     */
    public void maintain(Duration validateAfter, EventLoopGroup loops) {
        evictIdle();
        validateIdle(validateAfter, loops);
        fillMinIdle(loops);
    }

    /** Closes idle connections unused for longer than idle-timeout, keeping min-idle. */
    void evictIdle() {
        long cutoff = System.nanoTime() - limits.idleTimeout().toNanos();
        List<BackendConnection> evicted;
        synchronized (this) {
            evicted = idle.expire(cutoff, limits.minIdle());
            total -= evicted.size();
        }
        evicted.forEach(c -> {
            closedCount.incrementAndGet();
            c.close();
        });
    }

    /** Takes long-idle connections out of the idle list while a COM_PING checks them; replaces failed ones. */
    private void validateIdle(Duration validateAfter, EventLoopGroup loops) {
        long cutoff = System.nanoTime() - validateAfter.toNanos();
        List<IdleList.Idle> checking;
        synchronized (this) {
            checking = idle.takeIdleBefore(cutoff);
            validating += checking.size();
        }
        for (IdleList.Idle i : checking) {
            BackendConnection c = i.connection();
            (c.isUsable() ? c.ping(settings.connectTimeout())
                    : CompletableFuture.<Void>failedFuture(new IllegalStateException("closed")))
                    .whenComplete((ok, failure) -> {
                        synchronized (this) {
                            validating--;
                        }
                        if (failure != null) {
                            validationFailures.incrementAndGet();
                            discard(c, "idle validation failed: " + BackendException.reason(failure));
                            fillMinIdle(loops); // the server may have restarted: replace it now, not next round
                            return;
                        }
                        offer(c, i.since()); // alive, and still as idle as before the ping
                    });
        }
    }

    /** Opens connections until min-idle are idle (or the pool is at max). */
    private void fillMinIdle(EventLoopGroup loops) {
        int missing;
        synchronized (this) {
            missing = closed ? 0
                    : Math.min(limits.minIdle() - idle.size() - validating - filling, limits.max() - total);
            if (missing > 0) {
                total += missing;
                filling += missing;
            }
        }
        for (int n = 0; n < missing; n++) {
            connector.connect(loops.next(), settings).whenComplete((connection, failure) -> {
                synchronized (this) {
                    filling--;
                }
                if (failure != null) {
                    synchronized (this) {
                        total--;
                    }
                    connectFailed(failure);
                    LOG.debug("min-idle connection to {} failed: {}", name, BackendException.reason(failure));
                    handOffCapacity();
                    return;
                }
                connected(connection);
                offer(connection);
            });
        }
    }

    public void close() {
        List<BackendConnection> all;
        List<Waiter> waiting;
        synchronized (this) {
            closed = true;
            all = idle.drain();
            total -= all.size();
            waiting = new ArrayList<>();
            for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
                waiting.add(w);
            }
        }
        all.forEach(BackendConnection::close);
        waiting.forEach(w -> {
            w.timeout.cancel(false);
            w.future.completeExceptionally(new ErrorResponse(
                    MysqlError.UNKNOWN_ERROR.toPacket("shardgate: backend pool " + name + " closed")));
        });
    }

    public synchronized String counts() {
        return "total=" + total + ", active=" + (total - idle.size()) + ", idle=" + idle.size()
                + ", waiting=" + waiting();
    }

    public synchronized int waiting() {
        return waiters.size();
    }

    public boolean closed() {
        return closed;
    }

    /** New connections that failed to open (TCP, handshake, login or TLS). */
    public long connectFailures() {
        return connectFailures.get();
    }

    /** Acquires that gave up after acquire-timeout. */
    public long acquireTimeouts() {
        return acquireTimeouts.get();
    }

    /** Acquires served. */
    public long acquires() {
        return acquires.get();
    }

    /** Nanoseconds the served acquires waited, in all. */
    public long acquireWaitNanos() {
        return acquireWaitNanos.get();
    }

    public synchronized int total() {
        return total;
    }

    public synchronized int idleCount() {
        return idle.size();
    }

    public long createdCount() {
        return created.get();
    }

    public long closedCount() {
        return closedCount.get();
    }

    /** Idle connections closed because a validation ping failed. */
    public long validationFailures() {
        return validationFailures.get();
    }
}
