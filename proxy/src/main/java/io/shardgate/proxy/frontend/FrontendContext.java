package io.shardgate.proxy.frontend;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.session.Session;
import io.shardgate.proxy.session.SessionRegistry;
import java.security.KeyPair;
import java.util.function.Supplier;

/**
 * What the front-end handlers share: the live config (swapped on reload), TLS, the RSA key pair for
 * caching_sha2_password, the session registry, the connection limits and the factory of the command phase's
 * handler, and who may log in ({@code proxy.users} on the client listener, {@code admin.users} on the admin one).
 *
 * @param ssl null when the front end offers no TLS
 * @param cachingSha2FullAuth true makes every caching_sha2_password login take the full-auth path
 */
public record FrontendContext(
        Supplier<ShardgateConfig> configSource,
        SslContext ssl,
        boolean tlsRequired,
        KeyPair rsaKeys,
        String serverVersion,
        boolean cachingSha2FullAuth,
        SessionRegistry sessions,
        FrontDoor frontDoor,
        CommandHandlerFactory commandHandlerFactory,
        java.util.function.Function<ShardgateConfig, java.util.List<io.shardgate.config.UserConfig>> users) {

    /** The client listener's context: {@code proxy.users} log in. */
    public FrontendContext(Supplier<ShardgateConfig> configSource, SslContext ssl, boolean tlsRequired, KeyPair rsaKeys,
                           String serverVersion, boolean cachingSha2FullAuth, SessionRegistry sessions,
                           FrontDoor frontDoor, CommandHandlerFactory commandHandlerFactory) {
        this(configSource, ssl, tlsRequired, rsaKeys, serverVersion, cachingSha2FullAuth, sessions, frontDoor,
                commandHandlerFactory, c -> c.proxy().users());
    }

    /** The version string clients see; 8.0.x makes drivers take their modern code paths. */
    public static final String DEFAULT_SERVER_VERSION = "8.0.36-shardgate";

    public ShardgateConfig config() {
        return configSource.get();
    }

    /** Builds the handler that serves a logged-in session's commands. */
    @FunctionalInterface
    public interface CommandHandlerFactory {
        ChannelHandler create(Session session);
    }
}
