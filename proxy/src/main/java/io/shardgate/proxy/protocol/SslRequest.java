package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The short (32-byte) form of the handshake response with the SSL flag: the client asks for TLS
 * and sends the full {@link HandshakeResponse41} again once TLS is up.
 */
public record SslRequest(int capabilities, int maxPacketSize, int characterSet, int mariaDbExtendedCapabilities) {

    public static final int LENGTH = HandshakeResponse41.FIXED_PART;

    /** True if this handshake-response payload is an SSL request rather than a full response. */
    public static boolean matches(ByteBuf payload) {
        return payload.readableBytes() == LENGTH
                && Capabilities.has(payload.getIntLE(payload.readerIndex()), Capabilities.SSL);
    }

    public static SslRequest decode(ByteBuf payload) {
        if (payload.readableBytes() != LENGTH) {
            throw new MalformedPacketException("SslRequest: expected " + LENGTH + " bytes, found " + payload.readableBytes());
        }
        ByteBuf buf = payload.duplicate();
        int capabilities = buf.readIntLE();
        if (!Capabilities.has(capabilities, Capabilities.SSL)) {
            throw new MalformedPacketException("SslRequest: SSL flag not set (capabilities "
                    + Capabilities.describe(capabilities) + ")");
        }
        int maxPacket = buf.readIntLE();
        int charset = buf.readUnsignedByte();
        buf.skipBytes(19);
        return new SslRequest(capabilities, maxPacket, charset, buf.readIntLE());
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(capabilities).writeIntLE(maxPacketSize).writeByte(characterSet);
        out.writeZero(19);
        out.writeIntLE(mariaDbExtendedCapabilities);
    }
}
