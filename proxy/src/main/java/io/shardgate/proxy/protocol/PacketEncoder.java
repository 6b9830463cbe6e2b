package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link MysqlPacket}s. A small payload (below {@link #COPY_BELOW} bytes: most packets of an OLTP
 * exchange) is copied behind its 4-byte header into one buffer; a larger one goes out as a header followed by a
 * retained slice of the payload, never copied. The copy is the cheaper of the two for small packets: one
 * allocation and one outbound entry instead of a header, a derived buffer and two entries, each with its
 * reference counting (the profile of a point select showed them). Payloads of 0xFFFFFF bytes or more are split
 * into fragments with consecutive sequence ids starting at {@link MysqlPacket#firstSequenceId()}; a payload that
 * is an exact multiple of 0xFFFFFF ends with an empty fragment, as the protocol requires.
 *
 * <p>Stateless, so one instance can serve every channel of a server.
 */
@Sharable
public final class PacketEncoder extends MessageToMessageEncoder<MysqlPacket> {

    public PacketEncoder() {
        super(MysqlPacket.class);
    }

    /** Payloads shorter than this are copied into their frame (see the class comment). */
    static final int COPY_BELOW = 1024;

    @Override
    protected void encode(ChannelHandlerContext ctx, MysqlPacket packet, List<Object> out) {
        ByteBuf payload = packet.payload();
        int index = payload.readerIndex();
        int remaining = payload.readableBytes();
        int sequenceId = packet.firstSequenceId();
        if (remaining < COPY_BELOW) {
            ByteBuf frame = ctx.alloc().ioBuffer(4 + remaining);
            frame.writeMediumLE(remaining).writeByte(sequenceId).writeBytes(payload, index, remaining);
            out.add(frame);
            return;
        }
        while (true) {
            int length = Math.min(remaining, MysqlPacket.MAX_FRAGMENT);
            ByteBuf header = ctx.alloc().buffer(4, 4);
            header.writeMediumLE(length).writeByte(sequenceId);
            out.add(header);
            if (length > 0) {
                out.add(payload.retainedSlice(index, length));
            }
            index += length;
            remaining -= length;
            sequenceId = (sequenceId + 1) & 0xFF;
            if (length < MysqlPacket.MAX_FRAGMENT) {
                return;
            }
        }
    }
}
