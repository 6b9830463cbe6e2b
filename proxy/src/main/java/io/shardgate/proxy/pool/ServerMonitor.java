package io.shardgate.proxy.pool;

import io.netty.channel.EventLoopGroup;
import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendErrorException;
import io.shardgate.proxy.backend.BackendException;
import io.shardgate.proxy.backend.BackendSettings;
import io.shardgate.proxy.backend.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every server's {@link ServerHealth} current, one round a second:
 * <ul>
 *   <li>a server that has not answered yet (at start, or new after a reload) or is known to be down gets one login
 *       over a connection of its own, closed at once: that is how the proxy learns a backend is unreachable at start,
 *       and how a down replica, which takes no reads and so no connects, comes back into rotation;</li>
 *   <li>a replica of a node with {@code max-replica-lag} is asked {@code SHOW SLAVE STATUS} over a connection the
 *       monitor keeps (not a pool's: checks must not queue behind client traffic nor count against
 *       {@code pool.max}).</li>
 * </ul>
 * Servers that answer are not pinged: the pools report each failed and successful connect themselves, and their
 * housekeeper pings idle connections, so a healthy proxy opens no connection for monitoring.
 *
 * <p>The lag check fails safe: a replica is read from only while its last check answered a lag within the limit. No
 * answer (down, no privilege to see the status, a check running longer than max-replica-lag), replication stopped
 * ({@code Seconds_Behind_Master} NULL) or not a replica at all (no status row) count as behind, so reads go to the
 * other replicas or the primary.
 */
final class ServerMonitor implements AutoCloseable {

    private record Key(String node, HostPort address) {
    }

    private final BackendConnector connector;
    private final EventLoopGroup loops;
    private final Map<Key, ServerHealth> servers = new ConcurrentHashMap<>();
    private final Map<HostPort, CompletableFuture<BackendConnection>> lagConnections = new ConcurrentHashMap<>();
    /** Checks running (lag or login), and since when (nanoTime). */
    private final Map<Key, Long> checking = new ConcurrentHashMap<>();

    ServerMonitor(BackendConnector connector, EventLoopGroup loops) {
        this.connector = connector;
        this.loops = loops;
    }

    /** The health record of a server of the config, made on first request. */
    ServerHealth health(String node, HostPort address, ServerHealth.Role role) {
        return servers.computeIfAbsent(new Key(node, address), k -> new ServerHealth(node, address, role));
    }

    /** Every server of {@code config}, in config order: each node's primary, then its replicas. */
    List<ServerHealth> all(ShardgateConfig config) {
        List<ServerHealth> all = new ArrayList<>();
        for (NodeConfig node : config.nodes()) {
            all.add(health(node.name(), node.primary(), ServerHealth.Role.PRIMARY));
            for (ReplicaConfig r : node.replicas()) {
                all.add(health(node.name(), r.address(), ServerHealth.Role.REPLICA));
            }
        }
        return all;
    }

    /** One round: see the class comment. Forgets servers the config no longer has. */
    void check(ShardgateConfig config) {
        Set<Key> present = new HashSet<>();
        Set<HostPort> lagWatched = new HashSet<>();
        for (NodeConfig node : config.nodes()) {
            present.add(new Key(node.name(), node.primary()));
            checkLogin(node, health(node.name(), node.primary(), ServerHealth.Role.PRIMARY));
            for (ReplicaConfig r : node.replicas()) {
                present.add(new Key(node.name(), r.address()));
                ServerHealth h = health(node.name(), r.address(), ServerHealth.Role.REPLICA);
                if (node.maxReplicaLag() == null) {
                    if (h.behind() != null || h.lagSeconds() >= 0) {
                        h.lagNotWatched();
                    }
                    checkLogin(node, h);
                } else {
                    lagWatched.add(r.address());
                    checkLag(node, h);
                }
            }
        }
        servers.keySet().retainAll(present);
        lagConnections.entrySet().removeIf(e -> {
            if (lagWatched.contains(e.getKey())) {
                return false;
            }
            e.getValue().thenAccept(BackendConnection::close);
            return true;
        });
    }

    /** A login for a server that has not answered yet or is down. */
    private void checkLogin(NodeConfig node, ServerHealth h) {
        if (h.up()) {
            return;
        }
        Key key = new Key(node.name(), h.address());
        if (checking.putIfAbsent(key, System.nanoTime()) != null) {
            return;
        }
        connector.connect(loops, settings(node, h.address())).whenComplete((c, failure) -> {
            checking.remove(key);
            if (failure != null) {
                h.failed(BackendException.reason(failure));
            } else {
                h.answered(c.serverVersion());
                c.close();
            }
        });
    }

    private void checkLag(NodeConfig node, ServerHealth h) {
        HostPort replica = h.address();
        Key key = new Key(node.name(), replica);
        long now = System.nanoTime();
        Long since = checking.putIfAbsent(key, now);
        if (since != null) {
            // a replica that cannot answer within max-replica-lag cannot be trusted to be within it either
            if (now - since > node.maxReplicaLag().toNanos()) {
                h.notReadable("the lag check has not answered for " + (now - since) / 1_000_000 + " ms");
            }
            return;
        }
        connection(node, replica).thenCompose(c -> c.query("SHOW SLAVE STATUS").whenComplete((r, f) -> {
            if (f == null || cause(f) instanceof BackendErrorException) {
                h.answered(c.serverVersion()); // an ERR (no privilege, say) is an answer: up, but not readable
            }
        })).whenComplete((result, failure) -> {
            checking.remove(key);
            if (failure != null) {
                lagConnections.remove(replica);
                String why = BackendException.reason(failure);
                if (!(cause(failure) instanceof BackendErrorException)) {
                    h.failed(why);
                }
                h.notReadable("lag check failed: " + why);
                return;
            }
            OptionalLong lag = secondsBehind(result);
            if (lag.isEmpty()) {
                h.lag(-1, result.rows().isEmpty() ? "SHOW SLAVE STATUS is empty (not a replica)"
                        : "replication is not running (Seconds_Behind_Master is NULL)");
            } else if (Duration.ofSeconds(lag.getAsLong()).compareTo(node.maxReplicaLag()) > 0) {
                h.lag(lag.getAsLong(), lag.getAsLong() + " s behind, more than max-replica-lag "
                        + node.maxReplicaLag().toMillis() + " ms");
            } else {
                h.lag(lag.getAsLong(), null);
            }
        });
    }

    private static Throwable cause(Throwable failure) {
        Throwable c = failure;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static BackendSettings settings(NodeConfig node, HostPort address) {
        return BackendSettings.of(node, address).withConnectTimeout(node.pool().connectTimeout());
    }

    private CompletableFuture<BackendConnection> connection(NodeConfig node, HostPort replica) {
        CompletableFuture<BackendConnection> c = lagConnections.computeIfAbsent(replica,
                r -> connector.connect(loops.next(), settings(node, r)));
        if (c.isDone() && !c.isCompletedExceptionally() && !c.join().isUsable()) {
            lagConnections.remove(replica, c);
            return connection(node, replica);
        }
        return c;
    }

    /** {@code Seconds_Behind_Master} of the first (default) replication connection; empty when NULL or absent. */
    static OptionalLong secondsBehind(QueryResult status) {
        int column = status.columns().indexOf("Seconds_Behind_Master");
        if (column < 0 || status.rows().isEmpty()) {
            return OptionalLong.empty();
        }
        List<String> row = status.rows().getFirst();
        return Optional.ofNullable(row.get(column)).map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                .orElse(OptionalLong.empty());
    }

    @Override
    public void close() {
        lagConnections.values().forEach(f -> f.thenAccept(BackendConnection::close));
        lagConnections.clear();
    }
}
