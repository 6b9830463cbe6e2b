package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_STMT_FETCH: the next {@code rowCount} rows of a statement executed with a cursor. */
public record ComStmtFetch(long statementId, long rowCount) {

    public static ComStmtFetch decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != Command.STMT_FETCH.code()) {
                throw MalformedPacketException.badHeader("COM_STMT_FETCH", Command.STMT_FETCH.code(), header);
            }
            return new ComStmtFetch(buf.readUnsignedIntLE(), buf.readUnsignedIntLE());
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("COM_STMT_FETCH", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(Command.STMT_FETCH.code()).writeIntLE((int) statementId).writeIntLE((int) rowCount);
    }
}
