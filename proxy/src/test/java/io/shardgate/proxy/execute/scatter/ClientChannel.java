package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.protocol.MysqlPacket;
import java.util.ArrayList;
import java.util.List;

/** A client connection in an {@link EmbeddedChannel}: what the proxy writes is collected as packets. */
final class ClientChannel {

    final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    final ChannelHandlerContext ctx = channel.pipeline().firstContext();

    ClientStream stream(int firstSequenceId) {
        return new ClientStream(ctx, firstSequenceId);
    }

    /** Flushes as the statement's callback does when the statement ends, then {@link #packets()}. */
    List<MysqlPacket> packetsAfterFlush() {
        channel.flushOutbound();
        return packets();
    }

    /** The packets written so far (empty flush markers skipped); the caller releases them. */
    List<MysqlPacket> packets() {
        List<MysqlPacket> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            if (msg instanceof MysqlPacket p) {
                out.add(p);
            } else {
                ((ByteBuf) msg).release();
            }
        }
        return out;
    }

    static void release(List<MysqlPacket> packets) {
        packets.forEach(MysqlPacket::release);
    }
}
