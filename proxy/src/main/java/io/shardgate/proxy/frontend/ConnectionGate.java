package io.shardgate.proxy.frontend;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * First handler of every client channel: refuses addresses outside {@code allow-ips} (ERR 1130) and
 * connections beyond {@code max-connections} (ERR 1040) before any handshake work, then steps aside.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private final Supplier<ShardgateConfig> config;
    private final AtomicInteger open = new AtomicInteger();
    /** Compiled allow-list, rebuilt when a reload brings a new config. */
    private volatile ShardgateConfig compiledFor;
    private volatile AllowList allowList;

    ConnectionGate(Supplier<ShardgateConfig> config) {
        this.config = config;
    }

    int openConnections() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ShardgateConfig cfg = config.get();
        String host = AuthHandler.hostOf(ctx.channel().remoteAddress());
        if (!allowed(cfg, ctx.channel().remoteAddress())) {
            reject(ctx, new ErrPacket(1130, "HY000", "Host '" + host + "' is not allowed to connect to this MySQL server"));
            return;
        }
        int now = open.incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
        if (now > cfg.proxy().maxConnections()) {
            reject(ctx, MysqlError.CON_COUNT_ERROR.toPacket());
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    private boolean allowed(ShardgateConfig cfg, java.net.SocketAddress address) {
        if (cfg.proxy().allowIps().isEmpty()) {
            return true;
        }
        if (!(address instanceof InetSocketAddress inet)) {
            return true; // unix sockets and embedded test channels have no IP to check
        }
        AllowList list = allowList;
        if (compiledFor != cfg) {
            list = AllowList.of(cfg.proxy().allowIps());
            allowList = list;
            compiledFor = cfg;
        }
        return list.allows(inet.getAddress());
    }

    private static void reject(ChannelHandlerContext ctx, ErrPacket err) {
        ctx.writeAndFlush(ClientPackets.err(ctx.alloc(), 0, err)).addListener(ChannelFutureListener.CLOSE);
    }
}
