package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/** Test helpers: encode a record to bytes and back. */
final class Bytes {

    private Bytes() {
    }

    static byte[] encode(Consumer<ByteBuf> encoder) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static String hex(Consumer<ByteBuf> encoder) {
        return ByteBufUtil.hexDump(encode(encoder));
    }

    static byte[] fromHex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", ""));
    }
}
