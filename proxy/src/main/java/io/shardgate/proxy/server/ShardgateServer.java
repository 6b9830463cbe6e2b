package io.shardgate.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.shardgate.config.ConfigDiff;
import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigWatcher;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TlsSettings;
import io.shardgate.proxy.backend.BackendConnector;
import io.shardgate.proxy.frontend.CommandContext;
import io.shardgate.proxy.frontend.CommandHandler;
import io.shardgate.proxy.frontend.FrontendContext;
import io.shardgate.proxy.frontend.FrontendServer;
import io.shardgate.proxy.pool.NodePools;
import io.shardgate.proxy.session.SessionRegistry;
import io.shardgate.proxy.transport.Transport;
import io.shardgate.router.keygen.IdGenerators;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: event loops, backend pools, the client listener and the live routing state, swapped
 * whole on reload (SIGHUP, a changed file, or {@link #reload}). A config that fails validation leaves the
 * running one untouched; the problems are logged.
 */
public final class ShardgateServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardgateServer.class);

    private final AtomicReference<RoutingState> state = new AtomicReference<>();
    private final IdGenerators ids;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final NodePools pools;
    private final FrontendServer frontend;
    private final SessionRegistry sessions = new SessionRegistry();
    private final InetSocketAddress address;
    private ConfigWatcher watcher;

    private ShardgateServer(ShardgateConfig config, HostPort listenOverride, boolean cachingSha2FullAuth)
            throws InterruptedException {
        this.ids = IdGenerators.forConfig(config);
        state.set(RoutingStates.build(config, ids));
        Transport transport = Transport.fromConfig(config.proxy().transport()).resolve();
        this.boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                transport.ioHandlerFactory());
        BackendConnector connector = new BackendConnector(transport);
        this.pools = new NodePools(this::config, connector, workers);
        String version = FrontendContext.DEFAULT_SERVER_VERSION;
        CommandContext commands = new CommandContext(this::config, () -> state.get().router(), pools, sessions,
                version, System.currentTimeMillis(), schema -> state.get().routingMayBlock(schema));
        FrontendContext front = new FrontendContext(this::config, sslContext(config.proxy().tls()),
                config.proxy().tls() != null && config.proxy().tls().required(), rsaKeys(), version,
                cachingSha2FullAuth, sessions, session -> new CommandHandler(session, commands));
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
        if (config.admin().listen() != null || config.admin().httpListen() != null) {
            LOG.warn("admin.listen / admin.http-listen are set, but this release serves no admin interface yet"
                    + " (see docs/configuration.md#admin)");
        }
        LOG.info("shardgate listening on {}:{} ({} nodes, {} schemas, {} transport)", address.getHostString(),
                address.getPort(), config.nodes().size(), config.schemas().size(), transport.configName());
        new NodeReachability(connector, workers).checkAll(config);
    }

    /** What the constructor built before the listener failed to bind. */
    private void releaseAfterFailedStart() {
        pools.close();
        state.get().close();
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
        try {
            return new ShardgateServer(config, listenOverride, cachingSha2FullAuth);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** Starts from a file and watches it: changes and SIGHUP reload it. */
    public static ShardgateServer serve(Path configFile) {
        ShardgateServer server = start(io.shardgate.config.ConfigLoader.load(configFile), null);
        server.watcher = new ConfigWatcher(configFile, server::apply, e -> LOG.error(
                "config reload of {} rejected, keeping the running config:\n{}", configFile, e.getMessage())).start();
        SighupHandler.install(() -> server.watcher.reloadNow());
        return server;
    }

    public ShardgateConfig config() {
        return state.get().config();
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

    /** Validates nothing itself: callers pass a loaded (validated) config. Statements in flight finish on the old state. */
    public void apply(ShardgateConfig next) {
        RoutingState fresh;
        try {
            fresh = RoutingStates.build(next, ids);
        } catch (RuntimeException e) {
            LOG.error("config reload rejected, keeping the running config: {}", e.getMessage());
            throw e instanceof ConfigException ce ? ce : new IllegalArgumentException(e.getMessage(), e);
        }
        List<String> restartOnly = ConfigDiff.between(config(), next).listenerChanges();
        if (!restartOnly.isEmpty()) {
            LOG.warn("config reload: {} changed; that takes effect at the next start", String.join(", ", restartOnly));
        }
        pools.retainOnly(next);
        RoutingState old = state.getAndSet(fresh);
        old.close();
        LOG.info("config reloaded: {} nodes, {} schemas", next.nodes().size(), next.schemas().size());
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        frontend.close();
        pools.close();
        state.get().close();
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
