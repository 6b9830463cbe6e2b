package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.WireFormat;
import java.util.List;

/**
 * Writes a text result set to the client piece by piece, as the merge produces it: the header (column
 * count, definitions, and the EOF after them unless the client negotiated DEPRECATE_EOF), rows as they are
 * encoded, then the terminator (EOF, or the 0xFE OK with DEPRECATE_EOF). The streaming counterpart of
 * {@code LocalResult.writeTo}.
 *
 * <p>Runs on the client's event loop only. Sequence ids and flushing are {@link ClientStream}'s.
 * {@link #flushed()} is how a producer on another thread learns that what it handed over has reached the
 * socket: the future of an empty write issued after the rows completes once everything before it was
 * flushed, which is the back-pressure signal the merge waits for.
 */
final class ResultWriter {

    private final ClientStream out;
    private final int capabilities;

    ResultWriter(ClientStream out, int capabilities) {
        this.out = out;
        this.capabilities = capabilities;
    }

    private boolean deprecateEof() {
        return Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF);
    }

    void header(List<ColumnDefinition41> columns, int serverStatus) {
        ByteBuf count = out.context().alloc().buffer(9);
        WireFormat.writeLengthEncodedInt(count, columns.size());
        out.write(count);
        for (ColumnDefinition41 c : columns) {
            ByteBuf b = out.context().alloc().buffer(64);
            c.encode(b);
            out.write(b);
        }
        if (!deprecateEof()) {
            ByteBuf eof = out.context().alloc().buffer(5);
            new EofPacket(0, serverStatus).encode(eof, capabilities);
            out.write(eof);
        }
    }

    /** One encoded row payload; takes ownership. */
    void row(ByteBuf payload) {
        out.write(payload);
    }

    /** Ends the result set; the statement's callback flushes once the statement is observed. */
    void end(int serverStatus, int warnings) {
        ByteBuf end = out.context().alloc().buffer(9);
        int w = Math.min(warnings, 0xFFFF);
        if (deprecateEof()) {
            OkPacket.terminator(serverStatus, w).encode(end, capabilities);
        } else {
            new EofPacket(w, serverStatus).encode(end, capabilities);
        }
        out.write(end);
    }

    /** The whole response is this ERR (nothing else was written); the callback flushes it. */
    void error(ErrPacket err) {
        ByteBuf buf = out.context().alloc().buffer(64);
        err.encode(buf);
        out.write(buf);
    }

    /** Flushes; the future completes when everything written so far has gone to the socket (or failed). */
    ChannelFuture flushed() {
        return out.context().writeAndFlush(Unpooled.EMPTY_BUFFER);
    }

    /** The client is still connected. May be asked from any thread. */
    boolean clientConnected() {
        return out.context().channel().isActive();
    }
}
