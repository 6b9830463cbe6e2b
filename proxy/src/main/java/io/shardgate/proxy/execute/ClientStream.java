package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.shardgate.proxy.protocol.MysqlPacket;

/**
 * The client side of one command's response: writes packets under consecutive sequence ids and keeps the
 * flush policy in one place (write without flush; flush when the channel stops being writable and at the
 * end of the command), so a long result costs few syscalls and never piles up in memory.
 */
public final class ClientStream {

    private final ChannelHandlerContext ctx;
    private int sequenceId;
    private boolean wroteAnything;

    public ClientStream(ChannelHandlerContext ctx, int firstSequenceId) {
        this.ctx = ctx;
        this.sequenceId = firstSequenceId & 0xFF;
    }

    public ChannelHandlerContext context() {
        return ctx;
    }

    /** Writes a payload under the next sequence id; takes ownership of the buffer. */
    public void write(ByteBuf payload) {
        MysqlPacket packet = new MysqlPacket(sequenceId, payload);
        sequenceId = packet.nextSequenceId();
        wroteAnything = true;
        ctx.write(packet, ctx.voidPromise());
        if (!ctx.channel().isWritable()) {
            ctx.flush();
        }
    }

    public void flush() {
        ctx.flush();
    }

    public boolean writable() {
        return ctx.channel().isWritable();
    }

    /** True once any packet of the response went out: an error after that cannot be reported cleanly. */
    public boolean wroteAnything() {
        return wroteAnything;
    }

    public int sequenceId() {
        return sequenceId;
    }
}
