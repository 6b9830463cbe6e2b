package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.AttributeKey;
import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendSettings;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every backend pool of the proxy: one {@link ConnectionPool} per (node, server address, flavour). Reads that may
 * go to a replica take one by smooth weighted round-robin ({@link ReplicaChoice}) over the replicas that may take
 * reads ({@link ServerHealth#readable}: not OFFLINE, not down, not lagging); with none, the primary. Writes and
 * transactional reads take the primary. On reload, pools of nodes whose address and credentials did not change
 * are kept (see {@link #retainOnly}).
 *
 * <p>Draining: a replica set OFFLINE, or gone from the config after a reload, gets no new reads, and a session
 * reading through a connection to it moves on at its next read ({@link #stillReadable}); statements running on it
 * finish, and its connections then close (a removed replica's pool is closed) or go back to its pool.
 */
public final class NodePools implements BackendSource, AutoCloseable {

    /** One pool per server and flavour (the client flags that shape responses, see BackendSettings). */
    private record Key(String node, HostPort address, int flavor) {
    }

    private final Supplier<ShardgateConfig> config;
    private final BackendConnector connector;
    private final Map<Key, ConnectionPool> pools = new ConcurrentHashMap<>();
    /**
     * The pool a lent connection goes back to, on the connection itself: a statement borrows and returns one per
     * statement under multiplexing, and a shared map's put and remove cost more than the rest of the lending.
     */
    private static final AttributeKey<ConnectionPool> LENDER = AttributeKey.valueOf(NodePools.class, "lender");
    private final Map<ConnectionPool, Key> keys = new ConcurrentHashMap<>();
    /** Per node, the sql_mode its primary's connections start in (see {@link #serverSqlMode}). */
    private final Map<String, String> serverSqlModes = new ConcurrentHashMap<>();
    /** How often the housekeeper runs, and how long a connection may sit idle before it is pinged. */
    static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(30);

    /**
     * How often the monitor runs: replicas of nodes with max-replica-lag are asked how far behind they are, servers
     * that are down are tried again.
     */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final EventLoopGroup loops;
    private final io.netty.util.concurrent.ScheduledFuture<?> housekeeper;
    private final ServerMonitor monitor;
    private volatile io.netty.util.concurrent.ScheduledFuture<?> checks;
    private final Map<String, ReplicaChoice> choices = new ConcurrentHashMap<>();

    /** @param loops the event loops new connections join; one of them also runs the housekeeping */
    public NodePools(Supplier<ShardgateConfig> config, BackendConnector connector, EventLoopGroup loops) {
        this.config = config;
        this.connector = connector;
        this.loops = loops;
        long every = HOUSEKEEPING_INTERVAL.toMillis();
        this.housekeeper = loops.next().scheduleWithFixedDelay(() -> maintain(HOUSEKEEPING_INTERVAL), every, every,
                TimeUnit.MILLISECONDS);
        this.monitor = new ServerMonitor(connector, loops);
    }

    /**
     * Starts the server monitor: its first round logs in to every server (logging the ones it cannot reach), then
     * it runs every {@link #CHECK_INTERVAL}. The proxy calls it once its listeners are bound, so a proxy that cannot
     * start says only why.
     */
    public synchronized void startMonitoring() {
        if (checks == null) {
            checks = loops.next().scheduleWithFixedDelay(() -> monitor.check(config.get()), 0,
                    CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CompletableFuture<BackendConnection> acquire(String node, boolean primary, int capabilities, EventLoop loop) {
        return acquire(node, primary, capabilities, loop, true);
    }

    /**
     * @param retry one more try after a failure that another server or pool can fix: a replica that turns out to
     *     be down (its failed connect marked it, so the second choice is another replica or the primary), or a pool
     *     a reload closed while this waited for it (the second try takes the new config's pool)
     */
    private CompletableFuture<BackendConnection> acquire(String node, boolean primary, int capabilities,
                                                         EventLoop loop, boolean retry) {
        ConnectionPool pool;
        try {
            pool = pool(node, primary, capabilities);
        } catch (ErrorResponse e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<BackendConnection> acquired = pool.acquire(loop);
        if (!retry) {
            return acquired.thenApply(c -> owned(c, pool));
        }
        return acquired.handle((c, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(owned(c, pool));
            }
            boolean replicaDown = pool.health().role() == ServerHealth.Role.REPLICA && pool.health().down();
            return pool.closed() || replicaDown ? acquire(node, primary, capabilities, loop, false)
                    : CompletableFuture.<BackendConnection>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<BackendConnection> tryAcquire(String node, boolean primary, int capabilities,
                                                           EventLoop loop) {
        ConnectionPool pool;
        try {
            pool = pool(node, primary, capabilities);
        } catch (ErrorResponse e) {
            return CompletableFuture.failedFuture(e);
        }
        return pool.tryAcquire(loop).thenApply(c -> c == null ? null : owned(c, pool));
    }

    private BackendConnection owned(BackendConnection connection, ConnectionPool pool) {
        connection.attr(LENDER).set(pool);
        Key key = keys.get(pool);
        if (key != null && !connection.initialSqlMode().equals(serverSqlModes.get(key.node()))) {
            NodeConfig n = config.get().node(key.node()).orElse(null);
            if (n != null && n.primary().equals(key.address())) {
                serverSqlModes.put(key.node(), connection.initialSqlMode());
            }
        }
        return connection;
    }

    @Override
    public String serverSqlMode(String node) {
        return serverSqlModes.get(node);
    }

    /** The pool for a node's primary or a (weighted random) replica, created on first use. */
    private ConnectionPool pool(String node, boolean primary, int capabilities) {
        NodeConfig n = config.get().node(node).orElse(null);
        if (n == null) {
            throw new ErrorResponse(
                    MysqlError.UNKNOWN_ERROR.toPacket("shardgate: no node named '" + node + "' in the config"));
        }
        HostPort address = primary ? n.primary() : pickReplica(n);
        int flavor = capabilities & BackendSettings.FLAVOR_FLAGS;
        Key wanted = new Key(node, address, flavor);
        ConnectionPool existing = pools.get(wanted);
        if (existing != null && existing.closed()) {
            // a reload closed it and has not taken it out of the map yet: the live config still has the server
            pools.remove(wanted, existing);
            keys.remove(existing);
        }
        return pools.computeIfAbsent(wanted, k -> {
            boolean isPrimary = address.equals(n.primary());
            ServerHealth health = monitor.health(node, address,
                    isPrimary ? ServerHealth.Role.PRIMARY : ServerHealth.Role.REPLICA);
            ConnectionPool created = new ConnectionPool(
                    node + (isPrimary ? " primary " : " replica ") + address,
                    BackendSettings.of(n, address).withFlavorOf(flavor).withConnectTimeout(n.pool().connectTimeout()),
                    n.pool(), connector, health);
            keys.put(created, k);
            return created;
        });
    }

    /** Smooth weighted round-robin over the replicas that may take reads; the primary when none may. */
    private HostPort pickReplica(NodeConfig n) {
        List<ReplicaChoice.Candidate> usable = new ArrayList<>(n.replicas().size());
        for (ReplicaConfig r : n.replicas()) {
            ServerHealth h = monitor.health(n.name(), r.address(), ServerHealth.Role.REPLICA);
            if (h.readable(n)) {
                usable.add(new ReplicaChoice.Candidate(r.address(), h.weight(r.weight())));
            }
        }
        HostPort pick = choices.computeIfAbsent(n.name(), x -> new ReplicaChoice()).pick(usable);
        return pick != null ? pick : n.primary();
    }

    @Override
    public void release(BackendConnection connection, boolean clean) {
        ConnectionPool pool = connection.attr(LENDER).getAndSet(null);
        if (pool == null) {
            connection.close();
        } else {
            pool.release(connection, clean);
        }
    }

    @Override
    public void releaseKeepingState(BackendConnection connection) {
        ConnectionPool pool = connection.attr(LENDER).getAndSet(null);
        if (pool == null) {
            connection.close();
        } else {
            pool.releaseKeepingState(connection);
        }
    }

    /**
     * For a connection a session reads through: false once its replica may no longer take reads (OFFLINE, down,
     * too far behind, or gone from the config), and false for the primary standing in while no replica could take
     * reads, once one can again.
     */
    @Override
    public boolean stillReadable(BackendConnection connection) {
        ConnectionPool pool = connection.attr(LENDER).get();
        if (pool == null) {
            return true;
        }
        if (pool.closed()) {
            return false; // its server left the config (or the node changed): drain it
        }
        ServerHealth health = pool.health();
        if (health.role() == ServerHealth.Role.REPLICA && !health.offline() && !health.down()
                && health.behind() == null) {
            return true; // the common case, decided without looking at the config
        }
        NodeConfig n = config.get().node(health.node()).orElse(null);
        if (n == null) {
            return false;
        }
        if (health.role() == ServerHealth.Role.REPLICA) {
            return health.readable(n);
        }
        for (ReplicaConfig r : n.replicas()) {
            if (monitor.health(n.name(), r.address(), ServerHealth.Role.REPLICA).readable(n)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isReplica(BackendConnection connection) {
        ConnectionPool pool = connection.attr(LENDER).get();
        return pool != null && pool.health().role() == ServerHealth.Role.REPLICA;
    }

    @Override
    public boolean hasReplicas(String node) {
        return config.get().node(node).map(n -> !n.replicas().isEmpty()).orElse(false);
    }

    @Override
    public void cancel(BackendConnection connection) {
        cancelQuery(connection);
    }

    @Override
    public CompletableFuture<Void> cancelQuery(BackendConnection connection) {
        ConnectionPool pool = connection.attr(LENDER).get();
        if (pool == null) {
            return CompletableFuture.completedFuture(null);
        }
        return QueryKiller.kill(pool, connection.connectionId(), connection.eventLoop());
    }

    /**
     * After a reload: pools of nodes that no longer exist or changed address/credentials are closed. Call it once
     * the new config is live, so that no new pool is made for a server it just closed; a statement that was
     * waiting for a closed pool tries once more, on the new config's pool.
     */
    public void retainOnly(ShardgateConfig previous, ShardgateConfig next) {
        pools.entrySet().removeIf(e -> {
            NodeConfig now = next.node(e.getKey().node()).orElse(null);
            boolean keep = now != null && (now.primary().equals(e.getKey().address())
                    || now.replicas().stream().anyMatch(r -> r.address().equals(e.getKey().address())));
            if (keep) {
                NodeConfig before = previous.node(e.getKey().node()).orElse(null);
                keep = before == null || sameServerSettings(before, now);
            }
            if (!keep) {
                e.getValue().close();
                keys.remove(e.getValue());
            }
            return !keep;
        });
        choices.keySet().retainAll(next.nodes().stream().map(NodeConfig::name).toList());
        for (NodeConfig n : next.nodes()) {
            ReplicaChoice choice = choices.get(n.name());
            if (choice != null) {
                choice.retain(n.replicas().stream().map(ReplicaConfig::address).toList());
            }
        }
    }

    /**
     * Whether a server kept by a reload is still reached the same way: the node's credentials, pool sizing and TLS.
     * Unlike {@link NodeConfig#sameConnectionAs}, a change of the node's replica list or weights keeps the pools of
     * the servers that stay, so removing one replica drains only that one.
     */
    private static boolean sameServerSettings(NodeConfig before, NodeConfig now) {
        return before.user().equals(now.user()) && before.password().equals(now.password())
                && before.pool().equals(now.pool()) && java.util.Objects.equals(before.tls(), now.tls());
    }

    /** Every server of the live config with what is known of it (config order: each primary, then its replicas). */
    public List<ServerHealth> servers() {
        return monitor.all(config.get());
    }

    /** The record of one server of the live config; empty when the config has no such server. */
    public java.util.Optional<ServerHealth> server(String node, HostPort address) {
        return servers().stream().filter(h -> h.node().equals(node) && h.address().equals(address)).findFirst();
    }

    /** The pools (one per flavour) of one server. */
    public List<ConnectionPool> poolsOf(String node, HostPort address) {
        List<ConnectionPool> of = new ArrayList<>();
        keys.forEach((pool, key) -> {
            if (key.node().equals(node) && key.address().equals(address)) {
                of.add(pool);
            }
        });
        return of;
    }

    public Collection<ConnectionPool> pools() {
        return pools.values();
    }

    /**
     * One housekeeping round over every pool (see {@link ConnectionPool#maintain}): retire long-idle
     * connections, ping those idle longer than {@code validateAfter}, refill min-idle. The housekeeper runs
     * it every {@link #HOUSEKEEPING_INTERVAL}; public for tests and tools that want a round now.
     */
    public void maintain(Duration validateAfter) {
        pools.values().forEach(p -> p.maintain(validateAfter, loops));
    }

    @Override
    public void close() {
        housekeeper.cancel(false);
        if (checks != null) {
            checks.cancel(false);
        }
        monitor.close();
        pools.values().forEach(ConnectionPool::close);
        pools.clear();
        keys.clear();
    }
}
