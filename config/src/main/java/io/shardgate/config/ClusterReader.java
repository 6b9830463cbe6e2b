package io.shardgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a local file in cluster mode: the {@code cluster:} section and nothing else. Anything beside it would
 * be a second config competing with the one in ZooKeeper, so it is refused rather than half-used.
 */
final class ClusterReader {

    static final Set<String> CLUSTER_KEYS = ConfigReader.keys("zookeeper", "namespace", "session-timeout", "listen",
            "admin-listen", "http-listen");
    /** Below this a loaded machine's pauses expire the session and with it the worker-id lease. */
    static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(1);
    /** ZooKeeper's own default ceiling (20 ticks of 2 s); longer only delays noticing a dead instance. */
    static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(10);

    private final Diagnostics diag;

    ClusterReader(Diagnostics diag) {
        this.diag = diag;
    }

    /** The settings, or null with every problem reported. */
    ClusterSettings read(Node root) {
        Set<String> rootKeys = new java.util.LinkedHashSet<>(ConfigReader.ROOT_KEYS);
        rootKeys.add("cluster");
        YamlMap doc = YamlMap.of(root, "", rootKeys, diag);
        if (doc == null) {
            return null;
        }
        for (String key : ConfigReader.ROOT_KEYS) {
            if (doc.has(key)) {
                diag.problem(key, "not read in cluster mode: the shared config lives in ZooKeeper (shardgate config "
                        + "push FILE stores it); this file holds only the cluster section");
            }
        }
        YamlMap c = doc.map("cluster", CLUSTER_KEYS);
        if (c == null) {
            return null;
        }
        int before = diag.problemCount();
        List<HostPort> ensemble = ensemble(c);
        String namespace = namespace(c);
        Duration timeout = c.duration("session-timeout", ClusterSettings.DEFAULT_SESSION_TIMEOUT, MIN_SESSION_TIMEOUT);
        if (timeout != null && timeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            diag.problem(c.pathOf("session-timeout"), "must be at most 10m, got '" + c.text("session-timeout") + "'");
        }
        HostPort listen = c.address("listen", null);
        HostPort adminListen = c.address("admin-listen", null);
        HostPort httpListen = c.address("http-listen", null);
        if (diag.problemCount() > before) {
            return null;
        }
        return new ClusterSettings(ensemble, namespace, timeout, listen, adminListen, httpListen);
    }

    private List<HostPort> ensemble(YamlMap c) {
        String text = c.requiredText("zookeeper");
        if (text == null) {
            return List.of();
        }
        List<HostPort> servers = new ArrayList<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                diag.problem(c.pathOf("zookeeper"), "'" + text + "' has an empty item; write host:port,host:port");
                return List.of();
            }
            if (item.contains("/")) {
                diag.problem(c.pathOf("zookeeper"), "'" + item.trim() + "' has a path; use cluster.namespace "
                        + "for the root znode");
                return List.of();
            }
            HostPort hp = c.parseAddress(item.trim(), c.pathOf("zookeeper"));
            if (hp == null) {
                return List.of();
            }
            servers.add(hp);
        }
        return servers;
    }

    private String namespace(YamlMap c) {
        if (!c.has("namespace")) {
            return ClusterSettings.DEFAULT_NAMESPACE;
        }
        String text = c.text("namespace");
        if (text == null) {
            return null;
        }
        String ns = text.trim();
        if (!ns.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}") || ns.equals("zookeeper")) {
            diag.problem(c.pathOf("namespace"), "'" + text + "' is not a namespace: letters, digits, '_', '-', '.', "
                    + "at most 100, not starting with '.', not 'zookeeper' (ZooKeeper's own)");
            return null;
        }
        return ns;
    }
}
