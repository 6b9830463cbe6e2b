package io.shardgate.proxy.admin.listener;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.ssl.SslContext;
import io.shardgate.config.HostPort;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.frontend.FrontDoor;
import io.shardgate.proxy.frontend.FrontendContext;
import io.shardgate.proxy.frontend.FrontendServer;
import io.shardgate.proxy.session.SessionRegistry;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.function.Supplier;

/**
 * The MySQL-protocol admin interface on {@code admin.listen}: the client listener's front door and login
 * (handshake, TLS as {@code proxy.tls} says, throttled failed logins) with {@code admin.users} as the only accounts,
 * then {@link AdminCommandHandler} instead of the statement path. Its connections are counted and numbered apart
 * from client sessions, so they neither take client places nor show in {@code SHOW SESSIONS}.
 */
public final class AdminListener implements AutoCloseable {

    private final FrontendServer server;
    private final InetSocketAddress address;

    private AdminListener(FrontendServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Binds {@code listen}; throws what Netty throws when the address is taken. */
    public static AdminListener bind(HostPort listen, Supplier<ShardgateConfig> config, SslContext ssl, boolean tlsRequired,
                                     KeyPair rsaKeys, String serverVersion, AdminService admin, EventLoopGroup boss,
                                     EventLoopGroup workers, Class<? extends ServerChannel> channelType)
            throws InterruptedException {
        FrontendContext context = new FrontendContext(config, ssl, tlsRequired, rsaKeys, serverVersion, false,
                new SessionRegistry(), FrontDoor.create(config),
                session -> new AdminCommandHandler(session, admin, serverVersion), c -> c.admin().users());
        FrontendServer server = new FrontendServer(context);
        return new AdminListener(server, server.bind(listen, boss, workers, channelType));
    }

    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
    }
}
