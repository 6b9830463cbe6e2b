package io.shardgate.proxy.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.shardgate.proxy.protocol.PacketDecoder;
import io.shardgate.proxy.protocol.PacketEncoder;
import io.shardgate.proxy.transport.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Opens authenticated {@link BackendConnection}s over Netty's NIO transport. Pass the event loop
 * of the client channel the connection will serve, so front and back share a thread.
 *
 * <p>The future fails with {@link BackendErrorException} when the server refuses (wrong password,
 * unknown schema, too many connections) and with {@link BackendConnectionException} for anything
 * else: unreachable, TLS failure, unsupported auth plugin, timeout. {@code connectTimeout} is one budget
 * for the TCP connect and the handshake together: a server that accepts TCP but never speaks (a stopped
 * process whose kernel still accepts, a black-holed network) fails the future when it runs out.
 *
 * <p>Thread-safe; one instance serves the whole proxy (it holds the shared encoder and TLS
 * contexts).
 */
public final class BackendConnector {

    private final PacketEncoder encoder = new PacketEncoder();
    private final Transport transport;
    private volatile SslContext verifyingTls;
    private volatile SslContext trustingTls;

    /** @param transport the transport of the event loops passed to {@link #connect} */
    public BackendConnector(Transport transport) {
        this.transport = transport.resolve();
    }

    /** @param loop an event loop of this connector's transport (or group: then one of its loops is chosen) */
    public CompletableFuture<BackendConnection> connect(EventLoopGroup loop, BackendSettings settings) {
        CompletableFuture<BackendConnection> promise = new CompletableFuture<>();
        SslContext tls;
        try {
            tls = settings.tlsMode() == TlsMode.DISABLED ? null : sslContext(settings.trustAnyCertificate());
        } catch (SSLException e) {
            promise.completeExceptionally(new BackendConnectionException(settings.address(),
                    "cannot set up TLS: " + e.getMessage(), e));
            return promise;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast("packet-decoder", new PacketDecoder(settings.maxPacketSize()))
                                .addLast("packet-encoder", encoder)
                                .addLast("handshake", new BackendHandshake(settings, tls, promise));
                    }
                });
        long started = System.nanoTime();
        ChannelFuture connect = bootstrap.connect(settings.host(), settings.port());
        connect.addListener(future -> {
            if (!future.isSuccess()) {
                Throwable cause = future.cause();
                promise.completeExceptionally(new BackendConnectionException(settings.address(),
                        "cannot connect: " + cause.getMessage(), cause));
                return;
            }
            Channel channel = connect.channel();
            long left = settings.connectTimeout().toNanos() - (System.nanoTime() - started);
            var timeout = channel.eventLoop().schedule(() -> {
                if (promise.completeExceptionally(new BackendConnectionException(settings.address(),
                        "the server accepted the connection but did not complete the handshake within "
                                + settings.connectTimeout().toMillis() + " ms (pool.connect-timeout)"))) {
                    channel.close();
                }
            }, Math.max(0, left), TimeUnit.NANOSECONDS);
            promise.whenComplete((connection, failure) -> timeout.cancel(false));
        });
        return promise;
    }

    private SslContext sslContext(boolean trustAny) throws SSLException {
        SslContext context = trustAny ? trustingTls : verifyingTls;
        if (context == null) {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trustAny) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            context = builder.build();
            if (trustAny) {
                trustingTls = context;
            } else {
                verifyingTls = context;
            }
        }
        return context;
    }
}
