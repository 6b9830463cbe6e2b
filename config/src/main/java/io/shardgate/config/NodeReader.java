package io.shardgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code nodes:} list: each node's addresses, replicas with weights, credentials and {@code pool:}
 * settings. Soft pool values below their floor are clamped with a warning, not refused.
 */
final class NodeReader {

    static final Set<String> NODE_KEYS = ConfigReader.keys("name", "primary", "replicas", "user", "password", "pool",
            "max-replica-lag", "tls");
    static final Set<String> POOL_KEYS = ConfigReader.keys("max", "min-idle", "acquire-timeout", "idle-timeout",
            "connect-timeout");
    /** HikariCP's floor too: a shorter wait fails on the first GC pause. */
    static final Duration MIN_ACQUIRE_TIMEOUT = Duration.ofMillis(250);
    /** Below this a loaded machine's login fails for no reason. */
    static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(100);
    /** Retiring idle connections more often than this only churns them. */
    static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final Diagnostics diag;
    /** Resolves and checks a file key of a section (null when unreadable, reported). */
    private final BiFunction<YamlMap, String, Path> files;

    NodeReader(Diagnostics diag, BiFunction<YamlMap, String, Path> files) {
        this.diag = diag;
        this.files = files;
    }

    /** Every declared node name, in file order, to its config; null values for nodes with problems. */
    Map<String, NodeConfig> read(YamlMap doc) {
        Map<String, NodeConfig> nodes = new LinkedHashMap<>();
        if (!doc.has("nodes")) {
            doc.missing("nodes");
            return nodes;
        }
        List<Node> items = doc.items("nodes");
        if (items != null && items.isEmpty()) {
            diag.problem(doc.pathOf("nodes"), "at least one node is required");
        }
        for (YamlMap n : doc.namedMaps("nodes", "name", NODE_KEYS, "node", false)) {
            int before = diag.problemCount();
            String name = n.requiredText("name");
            if (name != null && !name.matches("[A-Za-z0-9_-]{1,64}")) {
                diag.problem(n.pathOf("name"), "'" + name + "' is not a node name (1-64 letters, digits, _ and -)");
                name = null;
            }
            HostPort primary = n.address("primary", null);
            if (!n.has("primary")) {
                n.missing("primary");
            }
            List<ReplicaConfig> replicas = replicas(n, primary);
            String user = n.requiredText("user");
            if (user != null && user.isBlank()) {
                diag.problem(n.pathOf("user"), "must not be empty");
            }
            // An empty backend password is legal (development servers); it must be written out as "".
            String password = n.requiredText("password");
            PoolSettings pool = pool(n);
            Duration lag = n.duration("max-replica-lag", null, Duration.ZERO);
            BackendTls tls = NodeTlsReader.read(n, files);
            if (lag != null && replicas != null && replicas.isEmpty()) {
                diag.warn(n.pathOf("max-replica-lag"), "set but the node has no replicas; ignored");
            }
            if (name != null && !nodes.containsKey(name)) {
                nodes.put(name, diag.problemCount() > before ? null
                        : new NodeConfig(name, primary, replicas, user, new Secret(password), pool, lag, tls));
            }
        }
        return nodes;
    }

    private List<ReplicaConfig> replicas(YamlMap n, HostPort primary) {
        List<String> texts = n.texts("replicas");
        if (texts == null) {
            return null;
        }
        List<ReplicaConfig> replicas = new ArrayList<>();
        Set<HostPort> seen = new LinkedHashSet<>();
        if (primary != null) {
            seen.add(primary);
        }
        boolean ok = true;
        for (int i = 0; i < texts.size(); i++) {
            String at = n.itemPath("replicas", i);
            String text = texts.get(i).trim();
            int sign = text.lastIndexOf('@');
            HostPort address = n.parseAddress(sign < 0 ? text : text.substring(0, sign), at);
            Long weight = sign < 0 ? Long.valueOf(1) : n.parseLong(text.substring(sign + 1), at, 1, 1000);
            if (address != null && !seen.add(address)) {
                diag.problem(at, address.equals(primary) ? "'" + text + "' is the primary's address"
                        : "'" + text + "' is listed twice");
                ok = false;
            }
            if (address == null || weight == null) {
                ok = false;
            } else {
                replicas.add(new ReplicaConfig(address, weight.intValue()));
            }
        }
        return ok ? replicas : null;
    }

    private PoolSettings pool(YamlMap n) {
        PoolSettings d = PoolSettings.DEFAULTS;
        if (!n.has("pool")) {
            return d;
        }
        YamlMap p = n.map("pool", POOL_KEYS);
        if (p == null) {
            return null;
        }
        Integer max = p.integer("max", d.max(), 1, 100_000);
        Integer minIdle = p.integer("min-idle", d.minIdle(), 0, 100_000);
        Duration acquire = p.duration("acquire-timeout", d.acquireTimeout(), Duration.ZERO);
        Duration idle = p.duration("idle-timeout", d.idleTimeout(), Duration.ZERO);
        Duration connect = p.duration("connect-timeout", d.connectTimeout(), MIN_CONNECT_TIMEOUT);
        if (max == null || minIdle == null || acquire == null || idle == null || connect == null) {
            return null;
        }
        if (minIdle > max) {
            if (p.has("min-idle")) {
                diag.warn(p.pathOf("min-idle"), minIdle + " is above max " + max + "; using " + max);
            }
            minIdle = max;
        }
        if (acquire.compareTo(MIN_ACQUIRE_TIMEOUT) < 0) {
            diag.warn(p.pathOf("acquire-timeout"), DurationText.format(acquire) + " is below "
                    + DurationText.format(MIN_ACQUIRE_TIMEOUT) + "; using " + DurationText.format(MIN_ACQUIRE_TIMEOUT));
            acquire = MIN_ACQUIRE_TIMEOUT;
        }
        if (!idle.isZero() && idle.compareTo(MIN_IDLE_TIMEOUT) < 0) {
            diag.warn(p.pathOf("idle-timeout"), DurationText.format(idle) + " is below "
                    + DurationText.format(MIN_IDLE_TIMEOUT) + "; using " + DurationText.format(MIN_IDLE_TIMEOUT));
            idle = MIN_IDLE_TIMEOUT;
        }
        return new PoolSettings(max, minIdle, acquire, idle, connect);
    }
}
