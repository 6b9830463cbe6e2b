package io.shardgate.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code cluster:} section of an instance's local file: where the fleet's ZooKeeper is, and this instance's own
 * listeners. In cluster mode the rest of the config (users, nodes, schemas ...) lives in ZooKeeper, versioned, and is
 * the same for every instance; only what must differ between instances on one host stays local.
 *
 * @param zookeeper the ensemble, {@code host:port} items (the client connects to any of them)
 * @param namespace the root znode under which this fleet keeps everything; fleets with different namespaces share
 *     an ensemble without seeing each other
 * @param sessionTimeout how long ZooKeeper keeps this instance's session (and so its worker-id lease and its entry
 *     in the registry) after it last heard from it; ZooKeeper's server clamps it to its own bounds
 * @param listen this instance's client listener instead of the shared config's {@code proxy.listen}; null: that one
 * @param adminListen instead of {@code admin.listen}; null: the shared one
 * @param httpListen instead of {@code admin.http-listen}; null: the shared one
 */
public record ClusterSettings(List<HostPort> zookeeper, String namespace, Duration sessionTimeout, HostPort listen,
                              HostPort adminListen, HostPort httpListen) {

    public static final String DEFAULT_NAMESPACE = "shardgate";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    public ClusterSettings {
        zookeeper = List.copyOf(zookeeper);
    }

    /** The ensemble as ZooKeeper's client takes it: {@code host1:2181,host2:2181}. */
    public String connectString() {
        return String.join(",", zookeeper.stream().map(HostPort::toString).toList());
    }

    /** The shared config with this instance's listeners in place of the shared ones. */
    public ShardgateConfig localize(ShardgateConfig shared) {
        ProxySettings p = shared.proxy();
        ProxySettings proxy = listen == null ? p : new ProxySettings(listen, p.users(), p.allowIps(),
                p.maxConnections(), p.workerId(), p.slowQuery(), p.tls(), p.statementTimeout(),
                p.scatterExtraConnections(), p.maxSortRows(), p.subqueryInlineLimit(), p.maxSemiJoinRows(),
                p.maxJoinRows(), p.transport(), p.ioThreads(), p.writeTimeout(), p.ddlTimeout(), p.idLayout(),
                p.limits(), p.auth(), p.xa());
        AdminSettings a = shared.admin();
        AdminSettings admin = adminListen == null && httpListen == null ? a
                : new AdminSettings(adminListen != null ? adminListen : a.listen(),
                        httpListen != null ? httpListen : a.httpListen(), a.users(), a.digestLimit());
        return new ShardgateConfig(proxy, admin, shared.nodes(), shared.schemas(), shared.timeZone());
    }
}
