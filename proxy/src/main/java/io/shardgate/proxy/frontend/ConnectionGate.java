package io.shardgate.proxy.frontend;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before any handshake work, whether a new client connection may start logging in. In order:
 * an address outside {@code allow-ips} gets 1130; an address whose failed logins queue answers more than
 * {@code auth.max-delay} ahead gets 1129; when {@code max-connections} clients are logged in, or every handshake
 * slot holds a young login ({@link HandshakeSlots}), 1040. Each refusal is an ERR with sequence id 0 sent in place
 * of the greeting, as MySQL sends it, then the close. Admitted connections hold a handshake slot until their login
 * ends; the gate then steps aside.
 *
 * <p>The gate sits after the packet encoder in the pipeline, so the ERR it writes is encoded like any other.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final Supplier<ShardgateConfig> config;
    private final FrontDoor door;
    /** Compiled allow-list, rebuilt when a reload brings a new config. */
    private volatile ShardgateConfig compiledFor;
    private volatile AllowList allowList;

    ConnectionGate(Supplier<ShardgateConfig> config, FrontDoor door) {
        this.config = config;
        this.door = door;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ErrPacket refusal = refusal(ctx);
        if (refusal != null) {
            LOG.debug("refused {}: {} {}", ctx.channel().remoteAddress(), refusal.errorCode(), refusal.message());
            door.events().refused(refusal.errorCode());
            ctx.writeAndFlush(ClientPackets.err(ctx.alloc(), 0, refusal)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    private ErrPacket refusal(ChannelHandlerContext ctx) {
        ShardgateConfig cfg = config.get();
        SocketAddress address = ctx.channel().remoteAddress();
        String host = AuthHandler.hostOf(address);
        if (!allowed(cfg, address)) {
            return MysqlError.HOST_NOT_PRIVILEGED.toPacket(host);
        }
        long blocked = door.throttle().blockedSeconds(host);
        if (blocked > 0) {
            return MysqlError.HOST_IS_BLOCKED.toPacket(host, blocked);
        }
        if (door.clients().total() >= cfg.proxy().maxConnections() || !door.handshakes().admit(ctx.channel())) {
            return MysqlError.CON_COUNT_ERROR.toPacket();
        }
        return null;
    }

    private boolean allowed(ShardgateConfig cfg, SocketAddress address) {
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
}
