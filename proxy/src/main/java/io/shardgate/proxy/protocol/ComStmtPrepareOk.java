package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The first packet answering COM_STMT_PREPARE. Parameter definitions follow when paramCount > 0,
 * then column definitions when columnCount > 0, each group ended by an EOF unless DEPRECATE_EOF.
 */
public record ComStmtPrepareOk(long statementId, int columnCount, int paramCount, int warnings) {

    public static final int HEADER = 0x00;

    public static ComStmtPrepareOk decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != HEADER) {
                throw MalformedPacketException.badHeader("COM_STMT_PREPARE_OK", HEADER, header);
            }
            long statementId = buf.readUnsignedIntLE();
            int columns = buf.readUnsignedShortLE();
            int params = buf.readUnsignedShortLE();
            buf.skipBytes(1);
            int warnings = buf.readableBytes() >= 2 ? buf.readUnsignedShortLE() : 0;
            return new ComStmtPrepareOk(statementId, columns, params, warnings);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("COM_STMT_PREPARE_OK", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(HEADER).writeIntLE((int) statementId).writeShortLE(columnCount).writeShortLE(paramCount)
                .writeByte(0).writeShortLE(warnings);
    }
}
