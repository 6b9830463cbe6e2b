package io.shardgate.proxy.frontend;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.shardgate.config.HostPort;
import io.shardgate.proxy.protocol.PacketDecoder;
import io.shardgate.proxy.protocol.PacketEncoder;
import io.shardgate.proxy.session.Session;
import java.net.InetSocketAddress;

/**
 * The client-facing listener. Each accepted channel gets: the encoder, {@link ConnectionGate} (allow-ips,
 * blocked addresses, max-connections, handshake slots), framing limited to a login's packet size, and
 * {@link AuthHandler}, which hands over to the command handler after login.
 */
public final class FrontendServer implements AutoCloseable {

    /** Past 256 KiB unflushed to a slow client, backends stop being read (back-pressure). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private static final PacketEncoder ENCODER = new PacketEncoder();

    private final FrontendContext context;
    private final ConnectionGate gate;
    private Channel serverChannel;

    public FrontendServer(FrontendContext context) {
        this.context = context;
        this.gate = new ConnectionGate(context::config, context.frontDoor());
    }

    /** Binds and returns the bound address (port 0 picks a free one). */
    public InetSocketAddress bind(HostPort listen, EventLoopGroup boss, EventLoopGroup workers,
                                  Class<? extends ServerChannel> channelType) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Session session = new Session(context.sessions().nextConnectionId(),
                                AuthHandler.hostOf(ch.remoteAddress()));
                        // the encoder comes first so that what the gate writes is encoded too
                        ch.pipeline()
                                .addLast("encoder", ENCODER)
                                .addLast("gate", gate)
                                .addLast("framing", new PacketDecoder(AuthHandler.LOGIN_MAX_PACKET))
                                .addLast("auth", new AuthHandler(context, session));
                    }
                });
        serverChannel = b.bind(listen.host(), listen.port()).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Logged-in client connections. */
    public int openConnections() {
        return context.frontDoor().clientCount();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }
}
