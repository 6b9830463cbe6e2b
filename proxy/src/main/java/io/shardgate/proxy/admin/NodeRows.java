package io.shardgate.proxy.admin;

import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.pool.ConnectionPool;
import io.shardgate.proxy.pool.NodePools;
import io.shardgate.proxy.pool.ServerHealth;
import java.util.List;

/**
 * {@code SHOW NODES} and {@code SET NODE .. REPLICA ..}: every server with its state and its pools' counts (summed
 * over the pools' client flavours), and the operator's switches on a replica.
 */
final class NodeRows {

    private NodeRows() {
    }

    static AdminTable show(ShardgateConfig config, NodePools pools) {
        AdminTable.Builder t = AdminTable.of("node", "role", "address", "state", "lag_seconds", "weight", "active",
                "idle", "waiting", "max", "opened", "failed", "last_error");
        for (ServerHealth h : pools.servers()) {
            NodeConfig node = config.node(h.node()).orElse(null);
            if (node == null) {
                continue;
            }
            int active = 0;
            int idle = 0;
            int waiting = 0;
            long opened = 0;
            long failed = 0;
            for (ConnectionPool p : pools.poolsOf(h.node(), h.address())) {
                int total = p.total();
                int free = p.idleCount();
                active += total - free;
                idle += free;
                waiting += p.waiting();
                opened += p.createdCount();
                failed += p.connectFailures();
            }
            boolean replica = h.role() == ServerHealth.Role.REPLICA;
            t.row(h.node(), h.role().label(), h.address(), h.state(),
                    replica && h.lagSeconds() >= 0 ? h.lagSeconds() : null,
                    replica ? h.weight(configuredWeight(node, h.address())) : null,
                    active, idle, waiting, node.pool().max(), opened, failed, h.lastError());
        }
        return t.build();
    }

    private static int configuredWeight(NodeConfig node, HostPort address) {
        return node.replicas().stream().filter(r -> r.address().equals(address)).mapToInt(ReplicaConfig::weight)
                .findFirst().orElse(1);
    }

    /** What SET NODE does to a replica. */
    sealed interface ReplicaChange {
        record Offline(boolean offline) implements ReplicaChange {
        }

        /** @param weight 1..1000, or 0 for the config's */
        record Weight(int weight) implements ReplicaChange {
        }
    }

    /** Applies {@code change}; the message to answer, or an {@link AdminException} naming what is wrong. */
    static String set(ShardgateConfig config, NodePools pools, String node, String address, ReplicaChange change) {
        NodeConfig n = config.node(node).orElseThrow(() -> new AdminException("no node named '" + node + "'; nodes are "
                + config.nodes().stream().map(NodeConfig::name).toList()));
        HostPort replica = n.replicas().stream().map(ReplicaConfig::address)
                .filter(a -> a.toString().equals(address)).findFirst()
                .orElseThrow(() -> new AdminException("node " + node + " has no replica '" + address + "'; its replicas are "
                        + n.replicas().stream().map(r -> r.address().toString()).toList()));
        ServerHealth h = pools.server(node, replica).orElseThrow(() -> new AdminException("replica " + address
                + " of node " + node + " is not known to the pools"));
        return switch (change) {
            case ReplicaChange.Offline o when o.offline() -> h.offline(true)
                    ? "replica " + address + " of " + node + " is OFFLINE: no new reads; running statements finish"
                    : "replica " + address + " of " + node + " was OFFLINE already";
            case ReplicaChange.Offline o -> h.offline(false)
                    ? "replica " + address + " of " + node + " is ONLINE" + (h.down() ? " (but down: it takes reads once it"
                            + " answers)" : "")
                    : "replica " + address + " of " + node + " was ONLINE already";
            case ReplicaChange.Weight w -> {
                h.weightOverride(w.weight());
                yield "replica " + address + " of " + node + " has weight " + h.weight(configuredWeight(n, replica));
            }
        };
    }

    /** The servers of the config that a schema needs a primary of: its default node and its tables' nodes. */
    static List<String> nodesOf(io.shardgate.config.SchemaConfig schema) {
        java.util.Set<String> nodes = new java.util.LinkedHashSet<>();
        nodes.add(schema.defaultNode());
        schema.tables().forEach(t -> nodes.addAll(t.nodes()));
        return List.copyOf(nodes);
    }
}
