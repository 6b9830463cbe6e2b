package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * EOF: ends column definitions and rows when DEPRECATE_EOF is not negotiated. Its 0xFE header is
 * also the prefix of an 8-byte length-encoded integer (a row whose first value is 16 MiB or
 * longer), so a packet counts as EOF only when its payload is shorter than 9 bytes. The 0xFE OK
 * terminator of DEPRECATE_EOF connections may be longer; it is told apart from such a row by its
 * payload length below 0xFFFFFF ({@link #isTerminator}).
 */
public record EofPacket(int warnings, int statusFlags) {

    public static final int HEADER = 0xFE;

    /** A classic EOF: header 0xFE and at most 5 bytes (PROTOCOL_41) or 1 byte (older). */
    public static boolean isEof(ByteBuf payload) {
        return payload.readableBytes() < 9 && payload.isReadable()
                && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    /**
     * True for a packet that ends a result set on a connection with the given capabilities: an EOF
     * (payload below 9 bytes), or with DEPRECATE_EOF a 0xFE-headed OK, whose payload is below
     * 0xFFFFFF bytes where a row starting with a 0xFE length prefix would need 16 MiB.
     */
    public static boolean isTerminator(ByteBuf payload, int capabilities) {
        if (!payload.isReadable() || payload.getUnsignedByte(payload.readerIndex()) != HEADER) {
            return false;
        }
        int limit = Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF) ? MysqlPacket.MAX_FRAGMENT : 9;
        return payload.readableBytes() < limit;
    }

    public static EofPacket decode(ByteBuf payload, int capabilities) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != HEADER) {
                throw MalformedPacketException.badHeader("EOF", HEADER, header);
            }
            if (!Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
                return new EofPacket(0, 0);
            }
            int warnings = buf.readUnsignedShortLE();
            return new EofPacket(warnings, buf.readUnsignedShortLE());
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("EOF", e);
        }
    }

    public void encode(ByteBuf out, int capabilities) {
        out.writeByte(HEADER);
        if (Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
            out.writeShortLE(warnings).writeShortLE(statusFlags);
        }
    }
}
