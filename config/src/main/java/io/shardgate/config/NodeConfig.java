package io.shardgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A data node: one primary and its replicas, reached with one set of credentials.
 *
 * @param maxReplicaLag replicas further behind than this are not read from; null = no limit
 * @param tls how connections to the node's servers are encrypted; null = plain
 */
public record NodeConfig(
        String name,
        HostPort primary,
        List<ReplicaConfig> replicas,
        String user,
        Secret password,
        PoolSettings pool,
        Duration maxReplicaLag,
        BackendTls tls) {

    public NodeConfig {
        replicas = List.copyOf(replicas);
    }

    /** A node reached over plain connections. */
    public NodeConfig(String name, HostPort primary, List<ReplicaConfig> replicas, String user, Secret password,
                      PoolSettings pool, Duration maxReplicaLag) {
        this(name, primary, replicas, user, password, pool, maxReplicaLag, null);
    }

    /** Two nodes can share pools when they reach the same servers the same way. */
    public boolean sameConnectionAs(NodeConfig other) {
        return other != null && primary.equals(other.primary) && replicas.equals(other.replicas)
                && user.equals(other.user) && password.equals(other.password) && pool.equals(other.pool)
                && Objects.equals(tls, other.tls);
    }
}
