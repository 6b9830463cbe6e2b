package io.shardgate.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.shardgate.config.HostPort;
import io.shardgate.config.NodeConfig;
import io.shardgate.config.ReplicaConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.backend.BackendSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, one login to every server of the config (primaries and replicas), in the background: a server
 * that does not answer or refuses the node's credentials is logged by name and address, and the proxy keeps
 * serving. Pools connect lazily, so without this a typo in a node's address shows only at the first
 * statement routed there.
 */
final class NodeReachability {

    private static final Logger LOG = LoggerFactory.getLogger(NodeReachability.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final BackendConnector connector;
    private final EventLoopGroup loops;

    NodeReachability(BackendConnector connector, EventLoopGroup loops) {
        this.connector = connector;
        this.loops = loops;
    }

    /** Starts one check per server; each logs its own outcome. */
    CompletableFuture<Void> checkAll(ShardgateConfig config) {
        return CompletableFuture.allOf(config.nodes().stream().flatMap(n -> Stream.concat(
                Stream.of(check(n, n.primary(), "primary")),
                n.replicas().stream().map(ReplicaConfig::address).map(r -> check(n, r, "replica"))))
                .toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> check(NodeConfig node, HostPort address, String role) {
        BackendSettings settings = BackendSettings.of(address.host(), address.port(), node.user(),
                node.password().reveal(), null).withConnectTimeout(TIMEOUT);
        return connector.connect(loops, settings).handle((connection, failure) -> {
            if (failure == null) {
                LOG.info("node {} {} {} reachable ({})", node.name(), role, address, connection.serverVersion());
                connection.close();
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.warn("node {} {} {} cannot be reached at start ({}); serving anyway: statements routed there "
                        + "fail until it answers", node.name(), role, address, cause.getMessage());
            }
            return null;
        });
    }
}
