package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Extra authentication data from the server (0x01 header): caching_sha2_password's fast-auth
 * result (0x03 success, 0x04 full authentication needed) or its RSA public key.
 */
public record AuthMoreData(byte[] data) {

    public static final int HEADER = 0x01;

    public AuthMoreData {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static boolean isAuthMoreData(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    public static AuthMoreData decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        if (!buf.isReadable()) {
            throw new MalformedPacketException("AuthMoreData: empty packet");
        }
        int header = buf.readUnsignedByte();
        if (header != HEADER) {
            throw MalformedPacketException.badHeader("AuthMoreData", HEADER, header);
        }
        return new AuthMoreData(WireFormat.readRestOfPacketBytes(buf));
    }

    public void encode(ByteBuf out) {
        out.writeByte(HEADER).writeBytes(data);
    }
}
