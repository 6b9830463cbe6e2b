package io.shardgate.proxy.cluster;

import io.shardgate.config.ClusterSettings;
import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.admin.AdminTable;
import io.shardgate.proxy.admin.Fleet;
import io.shardgate.router.keygen.WorkerLease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy's membership of a fleet (cluster mode, docs/cluster.md): its ZooKeeper client, the shared config it
 * watches and applies, its worker-id lease, its entry in the instance registry and the shared operations state.
 *
 * <p>Life cycle: {@link #connect} before the proxy starts (the first config comes from ZooKeeper, and the key
 * generators need the {@link #lease()}), {@link #start} once it listens (its address names it in the fleet),
 * {@link #close} when it stops (its ephemeral znodes go with its session).
 *
 * <p>Config versions are applied one at a time, in order, on a thread of their own (an apply may wait for backends),
 * each with the proxy's own atomic, validated reload. A version this instance refuses (invalid with its environment,
 * or a layout change that would strand rows) leaves it on the version it runs; the refusal is logged and shown in
 * {@code SHOW PROXIES} until a later version applies.
 */
public final class ClusterMember implements Fleet, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    /** How long a starting proxy waits for ZooKeeper before giving up. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(30);

    /** What the member needs of the running proxy. */
    public interface Host {

        /**
         * The proxy's atomic, validated reload with {@code config}.
         *
         * @throws ConfigException when it cannot apply; the running config stays
         */
        void apply(ShardgateConfig config, String source);

        /** Client sessions now, for the registry. */
        int sessions();
    }

    private final ClusterClient client;
    private final Function<String, String> env;
    private final Path baseDir;
    private final WorkerLease lease = new WorkerLease();
    private final ShardgateConfig initial;
    private final ExecutorService applier = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("cluster-config").factory());
    private final String started = Instant.now().toString();
    private volatile int runningVersion;
    private volatile String configStatus = "ok";
    private String name;
    private String adminAddress;
    private Host host;
    private WorkerIdLeaser leaser;
    private InstanceRegistry registry;
    private SharedOperations operations;
    private CuratorCache configCache;

    private ClusterMember(ClusterClient client, Function<String, String> env, Path baseDir, ConfigVersions.Version v) {
        this.client = client;
        this.env = env;
        this.baseDir = baseDir;
        this.initial = v.load(client.settings(), env, baseDir);
        this.runningVersion = v.number();
    }

    /**
     * Connects to the fleet's ZooKeeper and reads the config version to start with.
     *
     * @throws IllegalStateException when ZooKeeper cannot be reached or holds no config yet
     * @throws ConfigException when the stored version is not valid on this instance (its environment)
     */
    public static ClusterMember connect(ClusterSettings settings, Function<String, String> env, Path baseDir) {
        ClusterClient client = ClusterClient.connect(settings, CONNECT_WAIT);
        try {
            ConfigVersions.Version v = ConfigVersions.latest(client.curator()).orElseThrow(() ->
                    new IllegalStateException("ZooKeeper " + settings.connectString() + " holds no config for namespace '"
                            + settings.namespace() + "' yet; store one with: shardgate config push --zookeeper "
                            + settings.connectString() + " --namespace " + settings.namespace() + " sharding.yaml"));
            ClusterMember member = new ClusterMember(client, env, baseDir, v);
            LOG.info("cluster mode: ZooKeeper {}, namespace {}, config version {}", settings.connectString(),
                    settings.namespace(), v.number());
            return member;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException("cannot read the config from ZooKeeper " + settings.connectString() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The config version read at {@link #connect}, with this instance's listeners: what the proxy starts with. */
    public ShardgateConfig initialConfig() {
        return initial;
    }

    /** The worker-id lease the proxy's key generators make ids under. */
    public WorkerLease lease() {
        return lease;
    }

    /**
     * Joins the fleet: leases a worker id, registers as {@code name}, applies and watches the shared operations and
     * config.
     *
     * @param name the proxy's client address as others reach it
     * @param adminAddress its admin listener's, or null
     */
    public synchronized void start(String name, String adminAddress, AdminService admin, Host host) {
        this.name = name;
        this.adminAddress = adminAddress;
        this.host = host;
        leaser = new WorkerIdLeaser(client, lease, name);
        leaser.start();
        registry = new InstanceRegistry(client, name, this::report);
        registry.start();
        operations = new SharedOperations(client, admin, name);
        operations.start();
        admin.joinFleet(this);
        configCache = CuratorCache.build(client.curator(), ClusterPaths.CONFIG, CuratorCache.Options.SINGLE_NODE_CACHE);
        configCache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> offered(now)).build());
        configCache.start();
    }

    private InstanceReport report() {
        return new InstanceReport(name, adminAddress, started, runningVersion, configStatus, host.sessions(),
                lease.workerId());
    }

    private void offered(ChildData node) {
        if (node.getStat() == null || node.getData() == null) {
            return;
        }
        ConfigVersions.Version v = new ConfigVersions.Version(node.getStat().getVersion() + 1,
                new String(node.getData(), java.nio.charset.StandardCharsets.UTF_8));
        applier.execute(() -> {
            if (v.number() > runningVersion) {
                apply(v);
            }
        });
    }

    /** Applies {@code v}: the problems when refused (empty when applied). Runs on the applier thread. */
    private List<String> apply(ConfigVersions.Version v) {
        String source = v.source(client.settings());
        List<String> problems = new ArrayList<>();
        try {
            host.apply(v.load(client.settings(), env, baseDir), source);
            runningVersion = v.number();
            configStatus = "ok";
            LOG.info("config version {} applied", v.number());
        } catch (ConfigException e) {
            e.problems().stream().map(ConfigProblem::toString).forEach(problems::add);
            configStatus = "version " + v.number() + " refused, running " + runningVersion + ": "
                    + problems.stream().limit(3).collect(Collectors.joining("; "))
                    + (problems.size() > 3 ? " (and " + (problems.size() - 3) + " more)" : "");
            LOG.warn("config version {} refused, keeping version {}:\n  {}", v.number(), runningVersion,
                    String.join("\n  ", problems));
        } catch (RuntimeException e) {
            problems.add(e.getMessage() == null ? "the apply failed" : e.getMessage());
            configStatus = "version " + v.number() + " refused, running " + runningVersion + ": " + problems.getFirst();
            LOG.warn("config version {} could not be applied, keeping version {}: {}", v.number(), runningVersion,
                    problems.getFirst());
        }
        registry.publish();
        return problems;
    }

    /**
     * {@code RELOAD CONFIG} and SIGHUP in cluster mode: reads the latest version from ZooKeeper and applies it (again),
     * as a change of it would.
     *
     * @return the problems (empty when applied) and the version's source
     */
    public CompletableFuture<Reapplied> reapply() {
        CompletableFuture<Reapplied> done = new CompletableFuture<>();
        applier.execute(() -> {
            try {
                ConfigVersions.Version v = ConfigVersions.latest(client.curator()).orElseThrow(
                        () -> new IllegalStateException("ZooKeeper holds no config"));
                done.complete(new Reapplied(v.source(client.settings()), apply(v)));
            } catch (Exception e) {
                done.complete(new Reapplied("zookeeper " + client.settings().connectString(), List.of(
                        "cannot read the config from ZooKeeper: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                                : e.getMessage()))));
            }
        });
        return done;
    }

    /** The outcome of {@link #reapply}: applied when {@code problems} is empty. */
    public record Reapplied(String source, List<String> problems) {
    }

    // ---------------------------------------------------------------- status

    /** For {@code /ready}: the fleet's state as lines (the proxy stays ready without ZooKeeper: it serves on). */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        lines.add("zookeeper: " + client.state());
        lines.add("config version: " + runningVersion + ("ok".equals(configStatus) ? "" : " (" + configStatus + ")"));
        int worker = lease.workerId();
        lines.add("worker id: " + (worker < 0 ? "none (generated keys paused: " + whyNoLease() + ")" : worker));
        return lines;
    }

    private String whyNoLease() {
        try {
            lease.valid();
            return "";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    public boolean connected() {
        return client.connected();
    }

    public int runningVersion() {
        return runningVersion;
    }

    /** 1 while the latest version pushed was refused here. */
    public boolean latestRefused() {
        return !"ok".equals(configStatus);
    }

    public IntSupplier workerId() {
        return lease::workerId;
    }

    // ---------------------------------------------------------------- Fleet

    @Override
    public AdminTable proxies() {
        return registry.table();
    }

    @Override
    public void replicaChanged(String node, String address, boolean offline, int weightOverride) {
        operations.replicaChanged(node, address, offline, weightOverride);
    }

    @Override
    public void blacklistChanged(String shape, boolean listed) {
        operations.blacklistChanged(shape, listed);
    }

    @Override
    public AdminService.KillOutcome killOn(String proxy, long id, boolean queryOnly) {
        if (!registry.registered(proxy)) {
            throw new io.shardgate.proxy.admin.AdminException("no proxy '" + proxy + "' in the fleet; SHOW PROXIES "
                    + "lists them");
        }
        return operations.killOn(proxy, id, queryOnly);
    }

    @Override
    public String self() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (configCache != null) {
            configCache.close();
        }
        applier.shutdownNow();
        if (operations != null) {
            operations.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (leaser != null) {
            leaser.close();
        }
        client.close();
    }
}
