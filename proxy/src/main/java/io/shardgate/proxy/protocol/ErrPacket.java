package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * ERR: a command failed. With PROTOCOL_41 the message is preceded by '#' and a 5-character
 * SQLSTATE; without the marker the state defaults to HY000.
 */
public record ErrPacket(int errorCode, String sqlState, String message) {

    public static final int HEADER = 0xFF;
    public static final String DEFAULT_SQL_STATE = "HY000";

    public ErrPacket {
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have 5 characters, was " + sqlState);
        }
        message = message == null ? "" : message;
    }

    public static boolean isErr(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static ErrPacket decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != HEADER) {
                throw MalformedPacketException.badHeader("ERR", HEADER, header);
            }
            int code = buf.readUnsignedShortLE();
            String state = DEFAULT_SQL_STATE;
            if (buf.isReadable() && buf.getByte(buf.readerIndex()) == '#') {
                buf.skipBytes(1);
                state = WireFormat.readFixedString(buf, 5, StandardCharsets.US_ASCII);
            }
            return new ErrPacket(code, state, WireFormat.readRestOfPacketString(buf, StandardCharsets.UTF_8));
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("ERR", e);
        }
    }

    /** Writes the PROTOCOL_41 form (every client the proxy accepts speaks it). */
    public void encode(ByteBuf out) {
        out.writeByte(HEADER).writeShortLE(errorCode).writeByte('#');
        out.writeCharSequence(sqlState, StandardCharsets.US_ASCII);
        out.writeCharSequence(message, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ERROR " + errorCode + " (" + sqlState + "): " + message;
    }
}
