package io.shardgate.proxy.pool;

import io.netty.channel.EventLoopGroup;
import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendSettings;
import io.shardgate.proxy.backend.QueryResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replicas of nodes with {@code max-replica-lag} are too far behind to read from. Each round asks every
 * such replica {@code SHOW SLAVE STATUS} over a connection of the monitor's own (not a pool's: checks must not
 * queue behind client traffic nor count against {@code pool.max}).
 *
 * <p>Fails safe: a replica is read from only while its last check answered a lag within the limit. No answer
 * (down, no privilege to see the status, a check running longer than max-replica-lag), replication stopped
 * ({@code Seconds_Behind_Master} NULL) or not a replica at all (no status row) count as behind, so reads go to
 * the other replicas or the primary. Changes are logged once, when they happen.
 */
final class ReplicaLagMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLagMonitor.class);

    private final BackendConnector connector;
    private final EventLoopGroup loops;
    private final Map<HostPort, CompletableFuture<BackendConnection>> connections = new ConcurrentHashMap<>();
    /** Replicas with a check running, and since when (nanoTime). */
    private final Map<HostPort, Long> checking = new ConcurrentHashMap<>();
    /** Replicas not to read from, with why. */
    private final Map<HostPort, String> behind = new ConcurrentHashMap<>();
    /** Replicas whose first check has not answered yet: not read from either. */
    private final Set<HostPort> unchecked = ConcurrentHashMap.newKeySet();
    /** Some node has max-replica-lag: until then every replica is readable without a lookup. */
    private volatile boolean watching;

    ReplicaLagMonitor(BackendConnector connector, EventLoopGroup loops) {
        this.connector = connector;
        this.loops = loops;
    }

    /** False while no node has max-replica-lag (the common case: nothing to look up per read). */
    boolean watching() {
        return watching;
    }

    /** True when reads should avoid this replica of {@code node}. */
    boolean isBehind(NodeConfig node, HostPort replica) {
        return node.maxReplicaLag() != null && (behind.containsKey(replica) || unchecked.contains(replica));
    }

    /** One round: starts a check of every watched replica, forgets replicas the config no longer watches. */
    void check(ShardgateConfig config) {
        Set<HostPort> watched = new HashSet<>();
        for (NodeConfig node : config.nodes()) {
            if (node.maxReplicaLag() == null) {
                continue;
            }
            for (ReplicaConfig r : node.replicas()) {
                if (watched.add(r.address()) && !connections.containsKey(r.address())) {
                    unchecked.add(r.address());
                }
                check(node, r.address());
            }
        }
        watching = !watched.isEmpty();
        behind.keySet().retainAll(watched);
        unchecked.retainAll(watched);
        connections.entrySet().removeIf(e -> {
            if (watched.contains(e.getKey())) {
                return false;
            }
            e.getValue().thenAccept(BackendConnection::close);
            return true;
        });
    }

    private void check(NodeConfig node, HostPort replica) {
        long now = System.nanoTime();
        Long since = checking.putIfAbsent(replica, now);
        if (since != null) {
            // a replica that cannot answer within max-replica-lag cannot be trusted to be within it either
            if (now - since > node.maxReplicaLag().toNanos()) {
                mark(replica, "the lag check has not answered for " + (now - since) / 1_000_000 + " ms");
            }
            return;
        }
        connection(node, replica).thenCompose(c -> c.query("SHOW SLAVE STATUS")).whenComplete((result, failure) -> {
            checking.remove(replica);
            unchecked.remove(replica);
            if (failure != null) {
                connections.remove(replica);
                mark(replica, "lag check failed: " + ConnectionPool.rootMessage(failure));
                return;
            }
            OptionalLong lag = secondsBehind(result);
            if (lag.isEmpty()) {
                mark(replica, result.rows().isEmpty() ? "SHOW SLAVE STATUS is empty (not a replica)"
                        : "replication is not running (Seconds_Behind_Master is NULL)");
            } else if (Duration.ofSeconds(lag.getAsLong()).compareTo(node.maxReplicaLag()) > 0) {
                mark(replica, lag.getAsLong() + " s behind, more than max-replica-lag "
                        + node.maxReplicaLag().toMillis() + " ms");
            } else if (behind.remove(replica) != null) {
                LOG.info("replica {} of node {} is read from again ({} s behind)", replica, node.name(),
                        lag.getAsLong());
            }
        });
    }

    private void mark(HostPort replica, String why) {
        if (behind.put(replica, why) == null) {
            LOG.warn("replica {} is not read from: {}", replica, why);
        }
    }

    private CompletableFuture<BackendConnection> connection(NodeConfig node, HostPort replica) {
        CompletableFuture<BackendConnection> c = connections.computeIfAbsent(replica, r -> connector.connect(
                loops.next(), BackendSettings.of(r.host(), r.port(), node.user(), node.password().reveal(), null)
                        .withConnectTimeout(node.pool().connectTimeout())));
        if (c.isDone() && !c.isCompletedExceptionally() && !c.join().isUsable()) {
            connections.remove(replica, c);
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
        connections.values().forEach(f -> f.thenAccept(BackendConnection::close));
        connections.clear();
    }
}
