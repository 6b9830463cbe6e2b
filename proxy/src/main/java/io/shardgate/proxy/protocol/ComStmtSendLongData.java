package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;

/** COM_STMT_SEND_LONG_DATA: a chunk of one parameter's value. The server never answers it. */
public record ComStmtSendLongData(long statementId, int paramId, byte[] data) {

    public ComStmtSendLongData {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static ComStmtSendLongData decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != Command.STMT_SEND_LONG_DATA.code()) {
                throw MalformedPacketException.badHeader("COM_STMT_SEND_LONG_DATA", Command.STMT_SEND_LONG_DATA.code(),
                        header);
            }
            long statementId = buf.readUnsignedIntLE();
            int paramId = buf.readUnsignedShortLE();
            return new ComStmtSendLongData(statementId, paramId, WireFormat.readRestOfPacketBytes(buf));
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("COM_STMT_SEND_LONG_DATA", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(Command.STMT_SEND_LONG_DATA.code()).writeIntLE((int) statementId).writeShortLE(paramId)
                .writeBytes(data);
    }
}
