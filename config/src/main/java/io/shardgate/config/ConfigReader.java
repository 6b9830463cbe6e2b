package io.shardgate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the document root and the server-side sections ({@code proxy}, {@code admin}, {@code reshard});
 * {@link NodeReader} does {@code nodes}, {@link SchemaReader} does {@code schemas}. Cross-section rules (a user's
 * schemas exist, listeners do not collide, every node is used) run at the end, once all names are known.
 */
final class ConfigReader {

    static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 3307);
    static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    static final int DEFAULT_SLOW_QUERY_MS = 1000;
    /** Enough for the shards of one node to stream side by side in common layouts, small against pool.max. */
    static final int DEFAULT_SCATTER_EXTRA_CONNECTIONS = 8;
    static final int MAX_SCATTER_EXTRA_CONNECTIONS = 1024;
    /** A million rows of a few columns is some hundreds of MiB of heap: a safety net, not a target. */
    static final int DEFAULT_MAX_SORT_ROWS = 1_000_000;
    static final int DEFAULT_SUBQUERY_INLINE_LIMIT = 10_000;
    static final int DEFAULT_MAX_SEMI_JOIN_ROWS = 1_000_000;
    static final int DEFAULT_MAX_JOIN_ROWS = 1_000_000;
    /** MySQL's own ceiling for max_execution_time (2^32 - 1 ms, about 49.7 days). */
    static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofMillis(4_294_967_295L);
    /** Long enough for any healthy write; a hung backend is given up on after it (docs/configuration.md). */
    static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

    static final Set<String> ROOT_KEYS = keys("proxy", "admin", "nodes", "schemas", "time-zone", "reshard");
    static final Set<String> PROXY_KEYS = keys("listen", "users", "allow-ips", "max-connections", "worker-id",
            "slow-query-ms", "tls", "statement-timeout", "scatter-extra-connections", "max-sort-rows", "max-join-rows",
            "subquery-inline-limit", "max-semi-join-rows", "transport", "io-threads", "write-timeout", "ddl-timeout",
            "id-layout", "max-handshakes",
            "max-packet", "net-read-timeout", "auth", "xa-recovery-interval", "xa-recovery-grace");
    /** More event loops than this is a typo, not a machine. */
    static final int MAX_IO_THREADS = 1024;
    /** The socket implementations the proxy knows; {@code auto} is the native one where it loads. */
    static final List<String> TRANSPORTS = List.of("auto", "nio", "epoll", "io-uring");
    static final Set<String> TLS_KEYS = keys("cert-file", "key-file", "required");
    static final Set<String> AUTH_KEYS = keys("max-failures", "failure-window", "max-delay");
    /** MySQL's own bounds for max_allowed_packet. */
    static final long MIN_MAX_PACKET = 1024;
    static final long MAX_MAX_PACKET = 1L << 30;
    static final Set<String> RESHARD_KEYS = keys("max-rows-per-second", "cutover-timeout");
    static final Set<String> ADMIN_KEYS = keys("listen", "http-listen", "users", "digest-limit");

    private final Diagnostics diag;
    private final Path baseDir;
    private final UserReader users;

    ConfigReader(Diagnostics diag, Path baseDir) {
        this.diag = diag;
        this.baseDir = baseDir;
        this.users = new UserReader(diag);
    }

    static Set<String> keys(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }

    /** The config, or null; every null comes with at least one reported problem. */
    ShardgateConfig read(Node root) {
        YamlMap doc = YamlMap.of(root, "", ROOT_KEYS, diag);
        if (doc == null) {
            return null;
        }
        ZoneId zone = timeZone(doc);
        ProxySettings proxy = proxy(doc);
        AdminSettings admin = admin(doc);
        ReshardSettings reshard = reshard(doc);
        Map<String, NodeConfig> nodes = new NodeReader(diag, this::file).read(doc);
        SchemaReader schemaReader = new SchemaReader(diag, List.copyOf(nodes.keySet()));
        List<SchemaConfig> schemas = schemaReader.read(doc);

        users.checkSchemas(schemas);
        checkListeners(proxy, admin);
        checkWorkerIdFitsLayouts(proxy, schemas);
        for (String node : nodes.keySet()) {
            if (!schemaReader.usedNodes().contains(node)) {
                diag.warn(Diagnostics.join("nodes", node), "not used by any schema or table");
            }
        }
        if (zone == null || proxy == null || admin == null || reshard == null || schemas == null
                || nodes.containsValue(null)) {
            return null;
        }
        return new ShardgateConfig(proxy, admin, List.copyOf(nodes.values()), schemas, zone, reshard);
    }

    private ZoneId timeZone(YamlMap doc) {
        if (!doc.has("time-zone")) {
            return ZoneOffset.UTC;
        }
        String text = doc.text("time-zone");
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            diag.problem(doc.pathOf("time-zone"), "unknown time zone '" + text + "'"
                    + Suggestions.didYouMean(text, ZoneId.getAvailableZoneIds()));
            return null;
        }
    }

    // ---------------------------------------------------------------- proxy

    private ProxySettings proxy(YamlMap doc) {
        if (!doc.has("proxy")) {
            doc.missing("proxy");
            return null;
        }
        YamlMap p = doc.map("proxy", PROXY_KEYS);
        if (p == null) {
            return null;
        }
        int before = diag.problemCount();
        HostPort listen = p.address("listen", DEFAULT_LISTEN);
        List<UserConfig> proxyUsers = users.proxyUsers(p);
        List<String> allowIps = allowIps(p);
        Integer maxConnections = p.integer("max-connections", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000);
        Integer workerId = p.integer("worker-id", 0, 0, 1023);
        Integer slowMs = p.integer("slow-query-ms", DEFAULT_SLOW_QUERY_MS, 0, Integer.MAX_VALUE);
        TlsSettings tls = tls(p);
        users.checkRequireTls(p.has("tls"));
        Duration statementTimeout = p.duration("statement-timeout", Duration.ZERO, Duration.ZERO);
        if (statementTimeout != null && statementTimeout.compareTo(MAX_STATEMENT_TIMEOUT) > 0) {
            diag.problem(p.pathOf("statement-timeout"), "must be at most " + MAX_STATEMENT_TIMEOUT.toMillis()
                    + "ms (MySQL's largest max_execution_time), got '" + p.text("statement-timeout") + "'");
        }
        Integer extraConnections = p.integer("scatter-extra-connections", DEFAULT_SCATTER_EXTRA_CONNECTIONS, 0,
                MAX_SCATTER_EXTRA_CONNECTIONS);
        Integer maxSortRows = p.integer("max-sort-rows", DEFAULT_MAX_SORT_ROWS, 1, Integer.MAX_VALUE);
        Integer inlineLimit = p.integer("subquery-inline-limit", DEFAULT_SUBQUERY_INLINE_LIMIT, 1, 1_000_000);
        Integer semiJoinRows = p.integer("max-semi-join-rows", DEFAULT_MAX_SEMI_JOIN_ROWS, 1, Integer.MAX_VALUE);
        Integer maxJoinRows = p.integer("max-join-rows", DEFAULT_MAX_JOIN_ROWS, 1, Integer.MAX_VALUE);
        String transport = transport(p);
        Integer ioThreads = ioThreads(p);
        Duration writeTimeout = p.duration("write-timeout", DEFAULT_WRITE_TIMEOUT, Duration.ZERO);
        Duration ddlTimeout = p.duration("ddl-timeout", Duration.ZERO, Duration.ZERO);
        String idLayout = p.has("id-layout") ? idLayout(p, "id-layout", diag) : KeyGeneratorConfig.LAYOUT_64_BIT;
        ClientLimits limits = limits(p);
        AuthSettings auth = auth(p);
        Duration xaInterval = p.duration("xa-recovery-interval", XaSettings.DEFAULTS.recoveryInterval(),
                Duration.ofMillis(100));
        Duration xaGrace = p.duration("xa-recovery-grace", XaSettings.DEFAULTS.recoveryGrace(), Duration.ZERO);
        if (diag.problemCount() > before) {
            return null;
        }
        return new ProxySettings(listen, proxyUsers, allowIps, maxConnections, workerId, Duration.ofMillis(slowMs), tls,
                statementTimeout, extraConnections, maxSortRows, inlineLimit, semiJoinRows, maxJoinRows, transport,
                ioThreads, writeTimeout, ddlTimeout, idLayout, limits, auth, new XaSettings(xaInterval, xaGrace));
    }

    /** {@code 64-bit} or {@code js-safe} (any case), or null after reporting the problem. */
    static String idLayout(YamlMap section, String key, Diagnostics diag) {
        String text = section.text(key);
        if (text == null) {
            return null;
        }
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (!KeyGeneratorConfig.LAYOUTS.contains(name)) {
            diag.problem(section.pathOf(key), "unknown id layout '" + text + "'"
                    + Suggestions.closest(text, KeyGeneratorConfig.LAYOUTS).map(s -> " (did you mean '" + s + "'?)")
                    .orElse(" (one of " + String.join(", ", KeyGeneratorConfig.LAYOUTS) + ")"));
            return null;
        }
        return name;
    }

    /** The js-safe layout has 5 worker bits: a larger proxy.worker-id would collide with another proxy's ids. */
    private void checkWorkerIdFitsLayouts(ProxySettings proxy, List<SchemaConfig> schemas) {
        if (proxy == null || schemas == null || proxy.workerId() <= KeyGeneratorConfig.JS_SAFE_MAX_WORKER_ID) {
            return;
        }
        if (KeyGeneratorConfig.LAYOUT_JS_SAFE.equals(proxy.idLayout())) {
            diag.problem("proxy.worker-id", "must be 0.." + KeyGeneratorConfig.JS_SAFE_MAX_WORKER_ID
                    + " with id-layout js-safe (5 worker bits), got " + proxy.workerId());
            return;
        }
        for (SchemaConfig schema : schemas) {
            for (TableConfig t : schema.tables()) {
                if (t.keyGenerator() != null && KeyGeneratorConfig.LAYOUT_JS_SAFE.equals(t.keyGenerator().layout())) {
                    diag.problem("proxy.worker-id", "must be 0.." + KeyGeneratorConfig.JS_SAFE_MAX_WORKER_ID
                            + " because table " + schema.name() + "." + t.name() + " uses the js-safe id layout "
                            + "(5 worker bits), got " + proxy.workerId());
                    return;
                }
            }
        }
    }

    private ClientLimits limits(YamlMap p) {
        ClientLimits d = ClientLimits.DEFAULTS;
        Integer handshakes = p.integer("max-handshakes", d.maxHandshakes(), 1, 1_000_000);
        Long maxPacket = p.size("max-packet", d.maxPacket(), MIN_MAX_PACKET, MAX_MAX_PACKET);
        Duration readTimeout = p.duration("net-read-timeout", d.netReadTimeout(), Duration.ofMillis(1));
        return handshakes == null || maxPacket == null || readTimeout == null ? null
                : new ClientLimits(handshakes, maxPacket.intValue(), readTimeout);
    }

    private AuthSettings auth(YamlMap p) {
        AuthSettings d = AuthSettings.DEFAULTS;
        if (!p.has("auth")) {
            return d;
        }
        YamlMap a = p.map("auth", AUTH_KEYS);
        if (a == null) {
            return null;
        }
        Integer maxFailures = a.integer("max-failures", d.maxFailures(), 1, 1_000_000);
        Duration window = a.duration("failure-window", d.failureWindow(), Duration.ofSeconds(1));
        Duration maxDelay = a.duration("max-delay", d.maxDelay(), Duration.ofSeconds(1));
        return maxFailures == null || window == null || maxDelay == null ? null
                : new AuthSettings(maxFailures, window, maxDelay);
    }

    private String transport(YamlMap p) {
        String text = p.text("transport");
        if (text == null) {
            return "auto";
        }
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (!TRANSPORTS.contains(name)) {
            diag.problem(p.pathOf("transport"), "unknown transport '" + text + "'" + Suggestions.closest(text, TRANSPORTS)
                    .map(s -> " (did you mean '" + s + "'?)").orElse(" (one of " + String.join(", ", TRANSPORTS) + ")"));
        }
        return name;
    }

    /** {@code auto} (or absent) is {@link ProxySettings#AUTO_IO_THREADS}; else an integer 1..1024. */
    private Integer ioThreads(YamlMap p) {
        String text = p.text("io-threads");
        if (text == null || text.trim().equalsIgnoreCase("auto")) {
            return ProxySettings.AUTO_IO_THREADS;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_IO_THREADS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        diag.problem(p.pathOf("io-threads"), "must be 'auto' or an integer 1.." + MAX_IO_THREADS + ", got '"
                + text + "'");
        return null;
    }

    private List<String> allowIps(YamlMap p) {
        List<String> entries = p.texts("allow-ips");
        if (entries == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            String error = IpPattern.check(entry);
            if (error != null) {
                diag.problem(p.itemPath("allow-ips", i), error);
            }
            out.add(entry);
        }
        return out;
    }

    private TlsSettings tls(YamlMap p) {
        YamlMap t = p.map("tls", TLS_KEYS);
        if (t == null) {
            return null;
        }
        Path cert = file(t, "cert-file");
        Path key = file(t, "key-file");
        boolean required = t.bool("required", false);
        return cert == null || key == null ? null : new TlsSettings(cert, key, required);
    }

    Path file(YamlMap section, String key) {
        String text = section.requiredText(key);
        if (text == null) {
            return null;
        }
        Path path = baseDir.resolve(text.trim()).normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            diag.problem(section.pathOf(key), "'" + text + "' is not a readable file (looked for " + path.toAbsolutePath() + ")");
            return null;
        }
        return path;
    }

    // ---------------------------------------------------------------- admin

    private AdminSettings admin(YamlMap doc) {
        if (!doc.has("admin")) {
            return AdminSettings.DISABLED;
        }
        YamlMap a = doc.map("admin", ADMIN_KEYS);
        if (a == null) {
            return null;
        }
        int before = diag.problemCount();
        HostPort listen = a.address("listen", null);
        HostPort http = a.address("http-listen", null);
        List<UserConfig> adminUsers = users.adminUsers(a, a.has("listen"));
        Integer digestLimit = a.integer("digest-limit", AdminSettings.DEFAULT_DIGEST_LIMIT, 1, 1_000_000);
        if (!a.has("listen") && !a.has("http-listen") && !diag.isShared()) {
            diag.warn(a.path(), "neither listen nor http-listen is set; the admin interface is disabled");
        }
        return diag.problemCount() > before ? null : new AdminSettings(listen, http, adminUsers, digestLimit);
    }

    // ---------------------------------------------------------------- reshard

    private ReshardSettings reshard(YamlMap doc) {
        if (!doc.has("reshard")) {
            return ReshardSettings.DEFAULTS;
        }
        YamlMap r = doc.map("reshard", RESHARD_KEYS);
        if (r == null) {
            return null;
        }
        Long rate = r.longValue("max-rows-per-second", ReshardSettings.DEFAULT_MAX_ROWS_PER_SECOND, 1, 100_000_000);
        Duration cutover = r.duration("cutover-timeout", ReshardSettings.DEFAULT_CUTOVER_TIMEOUT, Duration.ofMillis(50));
        return rate == null || cutover == null ? null : new ReshardSettings(rate, cutover);
    }

    // ---------------------------------------------------------------- cross-section rules

    private void checkListeners(ProxySettings proxy, AdminSettings admin) {
        Map<String, HostPort> listeners = new LinkedHashMap<>();
        if (proxy != null) {
            listeners.put("proxy.listen", proxy.listen());
        }
        if (admin != null && admin.listen() != null) {
            listeners.put("admin.listen", admin.listen());
        }
        if (admin != null && admin.httpListen() != null) {
            listeners.put("admin.http-listen", admin.httpListen());
        }
        List<Map.Entry<String, HostPort>> seen = new ArrayList<>();
        for (Map.Entry<String, HostPort> l : listeners.entrySet()) {
            for (Map.Entry<String, HostPort> earlier : seen) {
                if (clash(l.getValue(), earlier.getValue())) {
                    diag.problem(l.getKey(), l.getValue() + " clashes with " + earlier.getKey() + " " + earlier.getValue());
                }
            }
            seen.add(l);
        }
    }

    /** Same port on the same host, or on a wildcard host that covers the other. */
    private static boolean clash(HostPort a, HostPort b) {
        return a.port() == b.port() && (a.host().equalsIgnoreCase(b.host()) || wildcard(a.host()) || wildcard(b.host()));
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
    }
}
