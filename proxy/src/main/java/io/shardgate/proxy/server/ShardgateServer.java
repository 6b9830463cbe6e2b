package io.shardgate.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.EventExecutor;
import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ConfigWatcher;
import io.shardgate.config.LocalConfig;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TlsSettings;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.admin.Blacklist;
import io.shardgate.proxy.admin.ReloadOutcome;
import io.shardgate.proxy.admin.listener.AdminListener;
import io.shardgate.proxy.digest.Digests;
import io.shardgate.proxy.frontend.ClientEvents;
import io.shardgate.proxy.http.HttpEndpoints;
import io.shardgate.proxy.metrics.BackendMeters;
import io.shardgate.proxy.metrics.ProxyMetrics;
import io.shardgate.proxy.observe.StatementRecorder;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.cluster.ClusterMember;
import io.shardgate.proxy.frontend.CommandContext;
import io.shardgate.proxy.frontend.CommandHandler;
import io.shardgate.proxy.frontend.FrontDoor;
import io.shardgate.proxy.frontend.FrontendContext;
import io.shardgate.proxy.frontend.FrontendServer;
import io.shardgate.proxy.pool.NodePools;
import io.shardgate.proxy.xa.TransactionEvents;
import io.shardgate.proxy.xa.TransactionSetup;
import io.shardgate.proxy.xa.XaRecovery;
import io.shardgate.proxy.xa.XidSource;
import io.shardgate.proxy.reshard.LayoutSwitch;
import io.shardgate.proxy.reshard.Resharder;
import io.shardgate.proxy.reshard.WriteHold;
import io.shardgate.proxy.session.SessionRegistry;
import io.shardgate.proxy.transport.Transport;
import io.shardgate.router.keygen.IdGenerators;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: event loops, backend pools, the client listener and the live routing state, swapped
 * whole on reload (SIGHUP, a changed file, or {@link #reload}). A config that fails validation leaves the
 * running one untouched; so does one whose layout change would leave stored rows where the new layout no longer
 * looks ({@link LayoutGuard}). Either way the problems are logged and reported in a {@link ReloadResult}.
 */
public final class ShardgateServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardgateServer.class);

    /** The longest a reload's layout check may spend asking backends (connecting included). */
    static final Duration LAYOUT_CHECK_BUDGET = Duration.ofSeconds(30);

    private final LiveConfig live;
    private final IdGenerators ids;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final NodePools pools;
    private final FrontendServer frontend;
    private final FrontDoor door;
    private final SessionRegistry sessions = new SessionRegistry();
    private final InetSocketAddress address;
    private final BackendConnector connector;
    private ConfigWatcher watcher;
    private String configFile;
    private final Digests digests;
    private final ProxyMetrics metrics;
    private final AdminService admin;
    private AdminListener adminListener;
    /** Settles the prepared XA branches two-phase commits left behind. */
    private final XaRecovery recovery;
    private HttpEndpoints http;
    /** Cluster mode's membership of the fleet; null for a proxy with a file. */
    private final ClusterMember cluster;
    /** Statements naming tables a reshard moves are counted, and held during its cutover. */
    private final WriteHold hold = new WriteHold();
    private final Resharder resharder;

    private ShardgateServer(ShardgateConfig config, HostPort listenOverride, boolean cachingSha2FullAuth,
                            IdGenerators ids, ClusterMember cluster) throws InterruptedException {
        this.ids = ids;
        this.cluster = cluster;
        this.live = new LiveConfig(config, ids, this::pools);
        Transport transport = Transport.fromConfig(config.proxy().transport()).resolve();
        this.boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                transport.ioHandlerFactory());
        this.connector = new BackendConnector(transport);
        this.pools = new NodePools(this::config, connector, workers);
        String version = FrontendContext.DEFAULT_SERVER_VERSION;
        this.metrics = new ProxyMetrics(new BackendMeters(pools), this::clientConnections, this::loggingIn,
                live::planCacheHits, live::planCacheMisses);
        this.door = FrontDoor.create(this::config, new ClientEvents() {
            @Override
            public void loggedIn() {
                metrics.clientOpened();
            }

            @Override
            public void refused(int errorCode) {
                metrics.clientRejected(errorCode);
            }
        });
        this.digests = new Digests(() -> config().admin().digestLimit());
        this.resharder = new Resharder(new Layouts(), hold);
        this.admin = new AdminService(sessions, this::config, pools, digests, new Blacklist(),
                () -> live.state().preview(), this::reloadOutcome, resharder);
        StatementRecorder recorder = new StatementRecorder(metrics, digests,
                () -> config().proxy().slowQuery().toMillis());
        TransactionEvents transactionEvents = metrics.transactionEvents();
        TransactionSetup transactions = new TransactionSetup(schema -> config().transactionMode(schema),
                new XidSource(), transactionEvents);
        CommandContext commands = new CommandContext(this::config, () -> live.state().router(), pools, sessions,
                version, System.currentTimeMillis(), schema -> live.state().routingMayBlock(schema), admin, door,
                recorder, transactions, hold);
        this.recovery = new XaRecovery(this::config, connector, workers, transactionEvents);
        SslContext ssl = sslContext(config.proxy().tls());
        KeyPair keys = rsaKeys();
        boolean tlsRequired = config.proxy().tls() != null && config.proxy().tls().required();
        FrontendContext front = new FrontendContext(this::config, ssl, tlsRequired, keys, version,
                cachingSha2FullAuth, sessions, door, session -> new CommandHandler(session, commands));
        this.frontend = new FrontendServer(front);
        HostPort listen = listenOverride != null ? listenOverride : config.proxy().listen();
        try {
            this.address = frontend.bind(listen, boss, workers, transport.serverSocketChannel());
        } catch (InterruptedException e) {
            releaseAfterFailedStart();
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException without declaring it
            releaseAfterFailedStart();
            throw new ListenException(listen, e);
        }
        try {
            if (config.admin().listen() != null) {
                adminListener = AdminListener.bind(config.admin().listen(), this::config, ssl, tlsRequired, keys,
                        version, admin, boss, workers, transport.serverSocketChannel());
                LOG.info("admin interface listening on {}", config.admin().listen());
            }
            if (config.admin().httpListen() != null) {
                http = HttpEndpoints.start(config.admin().httpListen(), metrics::scrape, admin::notReady,
                        () -> cluster == null ? List.of() : cluster.status());
                LOG.info("metrics and health on http://{}/metrics, /health, /ready", config.admin().httpListen());
            }
        } catch (InterruptedException e) {
            frontend.close();
            closeAdmin();
            releaseAfterFailedStart();
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException without declaring it
            frontend.close();
            closeAdmin();
            releaseAfterFailedStart();
            HostPort where = adminListener == null && config.admin().listen() != null ? config.admin().listen()
                    : config.admin().httpListen();
            throw new ListenException(where, e);
        }
        LOG.info("shardgate listening on {}:{} ({} nodes, {} schemas, {} transport)", address.getHostString(),
                address.getPort(), config.nodes().size(), config.schemas().size(), transport.configName());
        pools.startMonitoring();
        recovery.start();
    }

    /** What the constructor built before the listener failed to bind. */
    private void releaseAfterFailedStart() {
        pools.close();
        live.close();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Starts with a loaded config; {@code listenOverride} (e.g. port 0 in tests) replaces proxy.listen. */
    public static ShardgateServer start(ShardgateConfig config, HostPort listenOverride) {
        return start(config, listenOverride, false);
    }

    /**
     * As {@link #start(ShardgateConfig, HostPort)}; {@code cachingSha2FullAuth} true answers every
     * caching_sha2_password login as a MySQL server with an empty password cache does: full authentication,
     * the clear password over TLS or RSA-encrypted after a public-key request. Not a config setting on
     * purpose: the fast path is as safe and cheaper; this exists to prove clients that take the slow path.
     */
    public static ShardgateServer start(ShardgateConfig config, HostPort listenOverride, boolean cachingSha2FullAuth) {
        return start(config, listenOverride, cachingSha2FullAuth, IdGenerators.forConfig(config), null);
    }

    static ShardgateServer start(ShardgateConfig config, HostPort listenOverride, boolean cachingSha2FullAuth,
                                 IdGenerators ids, ClusterMember cluster) {
        try {
            return new ShardgateServer(config, listenOverride, cachingSha2FullAuth, ids, cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /**
     * Starts from a file and watches it: changes and SIGHUP reload it. The watcher logs each rejected reload
     * (invalid file or refused layout change) with its problems; {@link #lastReload} keeps the latest report.
     */
    public static ShardgateServer serve(Path configFile) {
        return serve(configFile, null);
    }

    /**
     * As {@link #serve(Path)}; {@code listenOverride} (port 0 in tests) replaces the client listener's address. A file
     * with a {@code cluster:} section starts the proxy in cluster mode instead ({@link ClusterMode}).
     */
    public static ShardgateServer serve(Path configFile, HostPort listenOverride) {
        LocalConfig local = ConfigLoader.readLocal(configFile, System::getenv);
        if (local instanceof LocalConfig.Clustered clustered) {
            return ClusterMode.serve(clustered, listenOverride);
        }
        ShardgateServer server = start(((LocalConfig.Standalone) local).loaded().config(), listenOverride);
        server.configFile = configFile.toString();
        server.watcher = new ConfigWatcher(configFile, next -> server.apply(next, server.configFile),
                e -> server.live.rejected(ReloadResult.rejected(e))).start();
        SighupHandler.install(server::reload);
        Thread.ofVirtual().name("reshard-resume").start(server.resharder::resumeUnfinished);
        return server;
    }

    public ShardgateConfig config() {
        return live.config();
    }

    public InetSocketAddress address() {
        return address;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public NodePools pools() {
        return pools;
    }

    /** What the admin interface and HTTP endpoints serve (also for tests and tools embedding the proxy). */
    public AdminService admin() {
        return admin;
    }

    /** XA recovery, for tests and tools that want a pass now ({@link XaRecovery#runPass}). */
    public XaRecovery xaRecovery() {
        return recovery;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /** The admin listener's bound address; null when {@code admin.listen} is not set. */
    public InetSocketAddress adminAddress() {
        return adminListener == null ? null : adminListener.address();
    }

    /** The HTTP endpoints' bound address; null when {@code admin.http-listen} is not set. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    private CompletableFuture<ReloadOutcome> reloadOutcome() {
        return reload().thenApply(r -> {
            List<ReloadOutcome.Line> lines = new ArrayList<>();
            r.problems().forEach(p -> lines.add(new ReloadOutcome.Line("problem", p)));
            r.warnings().forEach(w -> lines.add(new ReloadOutcome.Line("warning", w)));
            r.notes().forEach(n -> lines.add(new ReloadOutcome.Line("note", n)));
            if (lines.isEmpty()) {
                lines.add(new ReloadOutcome.Line("note", (r.applied() ? "config reloaded from " : "config reload from ")
                        + r.source() + (r.applied() ? "" : " rejected")));
            }
            return new ReloadOutcome(r.applied(), r.source(), lines);
        });
    }

    private void closeAdmin() {
        if (adminListener != null) {
            adminListener.close();
        }
        if (http != null) {
            http.close();
        }
    }

    /** Logged-in client connections, counted against max-connections. */
    public int clientConnections() {
        return door.clientCount();
    }

    /** Client connections still logging in, counted against max-handshakes. */
    public int loggingIn() {
        return door.loggingIn();
    }

    /**
     * Reads the config file again (even if unchanged) and applies it as a change of the file would: the future
     * completes with the report, applied or rejected (never exceptionally for a bad file or a refused layout).
     * Does not block the caller.
     */
    public CompletableFuture<ReloadResult> reload() {
        if (cluster != null) {
            return cluster.reapply().thenApply(r -> r.problems().isEmpty()
                    ? live.lastApplied() != null ? live.lastApplied().result() : ReloadResult.applied(r.source(), List.of(),
                            List.of())
                    : new ReloadResult(false, r.source(), r.problems(), List.of(), List.of(), java.time.Instant.now()));
        }
        if (watcher == null) {
            return CompletableFuture.completedFuture(ReloadResult.rejected("reload",
                    "this proxy was not started from a config file: there is nothing to read again"));
        }
        return watcher.reloadNow().handle((config, failure) -> {
            if (failure == null) {
                LiveConfig.Applied applied = live.lastApplied();
                return applied != null && applied.config() == config ? applied.result()
                        : ReloadResult.applied(configFile, List.of("(superseded by a later reload)"), List.of());
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause instanceof ConfigException e ? ReloadResult.rejected(e)
                    : ReloadResult.rejected(configFile,
                            cause.getMessage() == null ? "the reload failed" : cause.getMessage());
        });
    }

    /** The report of the latest reload attempt, from any trigger; empty before the first. */
    public Optional<ReloadResult> lastReload() {
        return live.lastReload();
    }

    /**
     * Applies a loaded (validated) config: builds its routing state, checks that no stored row would be left
     * where the new layout no longer looks (asking the backends when a table's layout changes, and creating the
     * physical tables the new layout adds), then swaps. Statements in flight finish on the old state.
     * Blocks on backends: call it off the event loops.
     *
     * @throws ConfigException when the config cannot be applied: the running config stays, each problem says why
     */
    public ReloadResult apply(ShardgateConfig next) {
        return apply(next, null);
    }

    /** Applies {@code next} read from {@code file} (or ZooKeeper): the report, or a {@link ConfigException}. */
    ReloadResult apply(ShardgateConfig next, String file) {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("a reload waits for backends; it must not run on an event loop");
            }
        }
        return live.apply(next, file, (running, wanted, source) -> LayoutGuard.check(running, wanted, source,
                () -> new ReloadBackends(connector, workers, LAYOUT_CHECK_BUDGET)));
    }

    /** The key generators the router makes ids with (in cluster mode under the leased worker id). */
    public IdGenerators ids() {
        return ids;
    }

    /** Cluster mode's membership; null for a proxy with a file. */
    public ClusterMember cluster() {
        return cluster;
    }

    /**
     * The cutover's switch: the resharded config becomes the running one without a layout check (the reshard moved
     * the rows), then the file, the previous one kept beside it. Under the reload lock, as a reload.
     */
    private final class Layouts implements LayoutSwitch {

        @Override
        public ShardgateConfig running() {
            return config();
        }

        @Override
        public Path configFile() {
            return configFile == null ? null : Path.of(configFile);
        }

        @Override
        public String install(ShardgateConfig next, String fileText, int generation) {
            return live.install(next, fileText, generation, Path.of(configFile));
        }
    }

    @Override
    public void close() {
        resharder.stop();
        if (cluster != null) {
            cluster.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        recovery.close();
        frontend.close();
        closeAdmin();
        pools.close();
        live.close();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SslContext sslContext(TlsSettings tls) {
        if (tls == null) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate/key (" + tls.certFile() + ", "
                    + tls.keyFile() + "): " + e.getMessage(), e);
        }
    }

    /** The RSA key pair caching_sha2_password's full authentication uses without TLS; new each start. */
    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }
}
