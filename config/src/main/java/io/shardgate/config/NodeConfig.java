package io.shardgate.config;

import java.time.Duration;
import java.util.List;

/**
 * A data node: one primary and its replicas, reached with one set of credentials.
 *
 * @param maxReplicaLag replicas further behind than this are not read from; null = no limit
 */
public record NodeConfig(
        String name,
        HostPort primary,
        List<ReplicaConfig> replicas,
        String user,
        Secret password,
        PoolSettings pool,
        Duration maxReplicaLag) {

    public NodeConfig {
        replicas = List.copyOf(replicas);
    }

    /** Two nodes can share pools when they reach the same servers the same way. */
    public boolean sameConnectionAs(NodeConfig other) {
        return other != null && primary.equals(other.primary) && replicas.equals(other.replicas)
                && user.equals(other.user) && password.equals(other.password) && pool.equals(other.pool);
    }
}
