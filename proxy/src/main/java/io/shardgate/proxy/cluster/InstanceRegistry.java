package io.shardgate.proxy.cluster;

import io.shardgate.proxy.admin.AdminTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;

/**
 * The fleet's instances: this one's ephemeral {@code /instances/<name>} znode, kept by Curator's {@link PersistentNode}
 * (created again after a session expired) and refreshed every two seconds when its report changed, and a
 * {@link CuratorCache} of everyone's, which {@code SHOW PROXIES} reads without asking ZooKeeper.
 */
final class InstanceRegistry implements AutoCloseable {

    static final long REFRESH_MILLIS = 2_000;

    private final String name;
    private final Supplier<InstanceReport> report;
    private final PersistentNode node;
    private final CuratorCache all;
    private final Thread refresher;
    private volatile boolean closed;
    private byte[] published;

    InstanceRegistry(ClusterClient client, String name, Supplier<InstanceReport> report) {
        this.name = name;
        this.report = report;
        this.published = report.get().toBytes();
        this.node = new PersistentNode(client.curator(), CreateMode.EPHEMERAL, false, ClusterPaths.instance(name),
                published);
        this.all = CuratorCache.build(client.curator(), ClusterPaths.INSTANCES);
        this.refresher = Thread.ofVirtual().name("instance-registry").unstarted(this::refresh);
    }

    void start() {
        node.start();
        all.start();
        refresher.start();
    }

    /** Publishes the report now if it changed (a config version applied, say), rather than at the next round. */
    synchronized void publish() {
        byte[] next = report.get().toBytes();
        if (!Arrays.equals(next, published)) {
            try {
                node.setData(next);
                published = next;
            } catch (Exception e) {
                // not connected: the next round tries again; PersistentNode keeps the data for its re-creation
            }
        }
    }

    private void refresh() {
        while (!closed) {
            try {
                Thread.sleep(REFRESH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            publish();
        }
    }

    /** Every registered instance, as the cache holds them. */
    List<InstanceReport> instances() {
        List<InstanceReport> out = new ArrayList<>();
        all.stream().filter(d -> d.getPath().startsWith(ClusterPaths.INSTANCES + "/"))
                .forEach((ChildData d) -> out.add(InstanceReport.parse(ClusterPaths.name(d.getPath()), d.getData())));
        out.sort(Comparator.comparing(InstanceReport::name));
        return out;
    }

    boolean registered(String instance) {
        return instances().stream().anyMatch(r -> r.name().equals(instance));
    }

    /** {@code SHOW PROXIES}. */
    AdminTable table() {
        AdminTable.Builder t = AdminTable.of("proxy", "admin", "config_version", "config_status", "started",
                "sessions", "worker_id", "self");
        for (InstanceReport r : instances()) {
            t.row(r.name(), r.admin().isEmpty() ? null : r.admin(), r.configVersion(), r.configStatus(), r.started(),
                    r.sessions(), r.workerId() < 0 ? null : r.workerId(), r.name().equals(name) ? "yes" : "no");
        }
        return t.build();
    }

    @Override
    public void close() {
        closed = true;
        refresher.interrupt();
        all.close();
        try {
            node.close();
        } catch (Exception e) {
            // the session ends with the client anyway, and the ephemeral znode with it
        }
    }
}
