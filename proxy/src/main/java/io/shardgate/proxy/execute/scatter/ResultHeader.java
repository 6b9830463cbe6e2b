package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of a result set around its rows: the column count and definitions, collected until the
 * last definition arrived, and the warning count of the terminator. Used on the connection's event loop by
 * one {@link ShardStream}; not thread-safe.
 */
final class ResultHeader {

    private long columnCount = -1;
    private List<ColumnDefinition41> definitions;

    void columnCount(ByteBuf payload) {
        columnCount = WireFormat.readLengthEncodedInt(payload.duplicate());
        definitions = new ArrayList<>((int) Math.min(columnCount, 4096));
    }

    /** Adds one definition; returns all of them once it was the last, else null. */
    List<ColumnDefinition41> definition(ByteBuf payload) {
        if (definitions == null) {
            throw new IllegalStateException("a column definition before the column count");
        }
        definitions.add(ColumnDefinition41.decode(payload));
        return definitions.size() == columnCount ? List.copyOf(definitions) : null;
    }

    /** EOF: header, warnings(2), status(2); the OK form: header, 2 lenenc ints, status(2), warnings(2). */
    static int warnings(ByteBuf terminator) {
        if (EofPacket.isEof(terminator)) {
            return terminator.readableBytes() >= 5 ? terminator.getUnsignedShortLE(terminator.readerIndex() + 1) : 0;
        }
        ByteBuf view = terminator.duplicate().skipBytes(1);
        WireFormat.readLengthEncodedInt(view);
        WireFormat.readLengthEncodedInt(view);
        return view.readableBytes() >= 4 ? view.getUnsignedShortLE(view.readerIndex() + 2) : 0;
    }
}
