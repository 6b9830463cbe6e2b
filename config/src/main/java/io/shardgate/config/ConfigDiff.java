package io.shardgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload changes about the backends and listeners, so the proxy can keep the pools of nodes
 * that still reach the same servers the same way ({@link NodeConfig#sameConnectionAs}) and close
 * only the others. Routing state is rebuilt and swapped whole; whether a new layout would move stored
 * rows is the router's {@code LayoutDiff}, which needs the strategies.
 *
 * @param addedNodes names only in the new config
 * @param removedNodes names only in the old config
 * @param changedNodes names in both whose connection settings differ: their pools must be replaced
 * @param unchangedNodes names in both that can keep their pools (other settings such as
 *     {@code max-replica-lag} may still differ: take the new NodeConfig)
 * @param listenerChanges paths of listener settings that differ ({@code proxy.listen},
 *     {@code proxy.tls}, {@code proxy.transport}, {@code admin.listen}, {@code admin.http-listen}); a running listener
 *     cannot move, so the proxy reports these as needing a restart
 */
public record ConfigDiff(
        List<String> addedNodes,
        List<String> removedNodes,
        List<String> changedNodes,
        List<String> unchangedNodes,
        List<String> listenerChanges) {

    public ConfigDiff {
        addedNodes = List.copyOf(addedNodes);
        removedNodes = List.copyOf(removedNodes);
        changedNodes = List.copyOf(changedNodes);
        unchangedNodes = List.copyOf(unchangedNodes);
        listenerChanges = List.copyOf(listenerChanges);
    }

    public static ConfigDiff between(ShardgateConfig before, ShardgateConfig after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (NodeConfig next : after.nodes()) {
            NodeConfig previous = before.node(next.name()).orElse(null);
            if (previous == null) {
                added.add(next.name());
            } else if (previous.sameConnectionAs(next)) {
                unchanged.add(next.name());
            } else {
                changed.add(next.name());
            }
        }
        for (NodeConfig old : before.nodes()) {
            if (after.node(old.name()).isEmpty()) {
                removed.add(old.name());
            }
        }
        List<String> listeners = new ArrayList<>();
        if (!Objects.equals(before.proxy().listen(), after.proxy().listen())) {
            listeners.add("proxy.listen");
        }
        if (!Objects.equals(before.proxy().tls(), after.proxy().tls())) {
            listeners.add("proxy.tls");
        }
        if (!Objects.equals(before.proxy().transport(), after.proxy().transport())) {
            listeners.add("proxy.transport"); // the event loops are built once, at start
        }
        if (before.proxy().ioThreads() != after.proxy().ioThreads()) {
            listeners.add("proxy.io-threads");
        }
        if (!Objects.equals(before.admin().listen(), after.admin().listen())) {
            listeners.add("admin.listen");
        }
        if (!Objects.equals(before.admin().httpListen(), after.admin().httpListen())) {
            listeners.add("admin.http-listen");
        }
        return new ConfigDiff(added, removed, changed, unchanged, listeners);
    }

    /** True when any pool must be opened or closed. */
    public boolean nodesChanged() {
        return !addedNodes.isEmpty() || !removedNodes.isEmpty() || !changedNodes.isEmpty();
    }
}
