package io.shardgate.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every backend pool of the proxy: one {@link ConnectionPool} per (node, server address). Reads that may go
 * to a replica pick one by weight; writes and transactional reads take the primary. On reload, pools of
 * nodes whose address and credentials did not change are kept (see {@link #retainOnly}).
 */
public final class NodePools implements BackendSource, AutoCloseable {

    /** One pool per server and flavour (the client flags that shape responses, see BackendSettings). */
    private record Key(String node, HostPort address, int flavor) {
    }

    private final Supplier<ShardgateConfig> config;
    private final BackendConnector connector;
    private final Map<Key, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final Map<BackendConnection, ConnectionPool> owners = new ConcurrentHashMap<>();
    private final Map<ConnectionPool, Key> keys = new ConcurrentHashMap<>();
    /** Per node, the sql_mode its primary's connections start in (see {@link #serverSqlMode}). */
    private final Map<String, String> serverSqlModes = new ConcurrentHashMap<>();
    /** How often the housekeeper runs, and how long a connection may sit idle before it is pinged. */
    static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(30);

    /** How often replicas of nodes with max-replica-lag are asked how far behind they are. */
    static final Duration LAG_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final EventLoopGroup loops;
    private final io.netty.util.concurrent.ScheduledFuture<?> housekeeper;
    private final ReplicaLagMonitor lag;
    private final io.netty.util.concurrent.ScheduledFuture<?> lagChecks;

    /** @param loops the event loops new connections join; one of them also runs the housekeeping */
    public NodePools(Supplier<ShardgateConfig> config, BackendConnector connector, EventLoopGroup loops) {
        this.config = config;
        this.connector = connector;
        this.loops = loops;
        long every = HOUSEKEEPING_INTERVAL.toMillis();
        this.housekeeper = loops.next().scheduleWithFixedDelay(() -> maintain(HOUSEKEEPING_INTERVAL), every, every,
                TimeUnit.MILLISECONDS);
        this.lag = new ReplicaLagMonitor(connector, loops);
        this.lagChecks = loops.next().scheduleWithFixedDelay(() -> lag.check(config.get()), 0,
                LAG_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<BackendConnection> acquire(String node, boolean primary, int capabilities, EventLoop loop) {
        ConnectionPool pool;
        try {
            pool = pool(node, primary, capabilities);
        } catch (ErrorResponse e) {
            return CompletableFuture.failedFuture(e);
        }
        return pool.acquire(loop).thenApply(c -> owned(c, pool));
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
        owners.put(connection, pool);
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
        return pools.computeIfAbsent(new Key(node, address, flavor), k -> {
            ConnectionPool created = new ConnectionPool(
                    node + (address.equals(n.primary()) ? " primary " : " replica ") + address,
                    BackendSettings.of(n, address).withFlavorOf(flavor).withConnectTimeout(n.pool().connectTimeout()),
                    n.pool(), connector);
            keys.put(created, k);
            return created;
        });
    }

    /**
     * Weighted random over the replicas that are not too far behind (max-replica-lag); the primary when the
     * node has none or every one is behind.
     */
    private HostPort pickReplica(NodeConfig n) {
        List<ReplicaConfig> usable = n.replicas().stream().filter(r -> !lag.isBehind(n, r.address())).toList();
        if (usable.isEmpty()) {
            return n.primary();
        }
        int sum = usable.stream().mapToInt(ReplicaConfig::weight).sum();
        int pick = ThreadLocalRandom.current().nextInt(sum);
        for (ReplicaConfig r : usable) {
            pick -= r.weight();
            if (pick < 0) {
                return r.address();
            }
        }
        return n.primary();
    }

    @Override
    public void release(BackendConnection connection, boolean clean) {
        ConnectionPool pool = owners.remove(connection);
        if (pool == null) {
            connection.close();
        } else {
            pool.release(connection, clean);
        }
    }

    @Override
    public void releaseKeepingState(BackendConnection connection) {
        ConnectionPool pool = owners.remove(connection);
        if (pool == null) {
            connection.close();
        } else {
            pool.releaseKeepingState(connection);
        }
    }

    /**
     * For a connection a session reads through: false once its replica is too far behind (max-replica-lag),
     * and false for the primary standing in while every replica was behind, once one is usable again.
     */
    @Override
    public boolean stillReadable(BackendConnection connection) {
        if (!lag.watching()) {
            return true;
        }
        ConnectionPool pool = owners.get(connection);
        Key key = pool == null ? null : keys.get(pool);
        NodeConfig n = key == null ? null : config.get().node(key.node()).orElse(null);
        if (n == null || n.maxReplicaLag() == null) {
            return true;
        }
        if (key.address().equals(n.primary())) {
            return n.replicas().stream().allMatch(r -> lag.isBehind(n, r.address()));
        }
        return !lag.isBehind(n, key.address());
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
        ConnectionPool pool = owners.get(connection);
        if (pool == null) {
            return CompletableFuture.completedFuture(null);
        }
        return QueryKiller.kill(pool, connection.connectionId(), connection.eventLoop());
    }

    /** After a reload: pools of nodes that no longer exist or changed address/credentials are closed. */
    public void retainOnly(ShardgateConfig next) {
        pools.entrySet().removeIf(e -> {
            NodeConfig now = next.node(e.getKey().node()).orElse(null);
            boolean keep = now != null && (now.primary().equals(e.getKey().address())
                    || now.replicas().stream().anyMatch(r -> r.address().equals(e.getKey().address())));
            if (keep) {
                NodeConfig before = config.get().node(e.getKey().node()).orElse(null);
                keep = before == null || now.sameConnectionAs(before);
            }
            if (!keep) {
                e.getValue().close();
                keys.remove(e.getValue());
            }
            return !keep;
        });
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
        lagChecks.cancel(false);
        lag.close();
        pools.values().forEach(ConnectionPool::close);
        pools.clear();
        keys.clear();
    }
}
