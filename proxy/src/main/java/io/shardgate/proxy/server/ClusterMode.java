package io.shardgate.proxy.server;

import io.shardgate.config.HostPort;
import io.shardgate.config.LocalConfig;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.cluster.ClusterMember;
import io.shardgate.router.keygen.IdGenerators;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Starting a proxy in cluster mode (docs/cluster.md): the config comes from the fleet's ZooKeeper (every version pushed
 * is applied with the same atomic, validated reload as a changed file), keys are made under a leased worker id, the
 * admin interface's changes reach every instance, and SIGHUP or {@code RELOAD CONFIG} apply the latest version again.
 */
final class ClusterMode {

    private ClusterMode() {
    }

    static ShardgateServer serve(LocalConfig.Clustered local, HostPort listenOverride) {
        ClusterMember member = ClusterMember.connect(local.cluster(), System::getenv, local.baseDir());
        ShardgateServer server;
        try {
            server = ShardgateServer.start(member.initialConfig(), listenOverride, false,
                    new IdGenerators(member.lease()), member);
        } catch (RuntimeException e) {
            member.close();
            throw e;
        }
        member.start(advertised(server.address()), server.adminAddress() == null ? null
                : advertised(server.adminAddress()), server.admin(), new ClusterMember.Host() {
                    @Override
                    public void apply(ShardgateConfig config, String source) {
                        server.apply(config, source);
                    }

                    @Override
                    public int sessions() {
                        return server.clientConnections();
                    }
                });
        server.metrics().gauge("shardgate.cluster.connected", "1 while connected to ZooKeeper",
                () -> member.connected() ? 1 : 0);
        server.metrics().gauge("shardgate.cluster.config.version", "the shared config version this instance runs",
                member::runningVersion);
        server.metrics().gauge("shardgate.cluster.config.refused",
                "1 while the latest config version was refused here", () -> member.latestRefused() ? 1 : 0);
        server.metrics().gauge("shardgate.cluster.worker.id", "the leased worker id; -1 while none is held",
                () -> member.workerId().getAsInt());
        SighupHandler.install(server::reload);
        return server;
    }

    /** The address others reach a listener at: a wildcard bind is named by this host's name. */
    private static String advertised(InetSocketAddress bound) {
        String host = bound.getAddress() != null && bound.getAddress().isAnyLocalAddress()
                ? localHostName() : bound.getHostString();
        return new HostPort(host, bound.getPort()).toString();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
