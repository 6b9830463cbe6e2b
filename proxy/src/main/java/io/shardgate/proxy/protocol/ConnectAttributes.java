package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connection attributes: a length-encoded total size, then length-encoded key/value pairs. */
final class ConnectAttributes {

    private ConnectAttributes() {
    }

    static Map<String, String> decode(ByteBuf buf, String packet) {
        long total = WireFormat.readLengthEncodedInt(buf);
        if (total < 0 || total > buf.readableBytes()) {
            throw new MalformedPacketException(packet + ": connection attributes length " + total
                    + " exceeds the remaining " + buf.readableBytes() + " bytes");
        }
        ByteBuf attrs = buf.readSlice((int) total);
        Map<String, String> result = new LinkedHashMap<>();
        while (attrs.isReadable()) {
            String key = WireFormat.readLengthEncodedString(attrs, StandardCharsets.UTF_8);
            String value = WireFormat.readLengthEncodedString(attrs, StandardCharsets.UTF_8);
            if (key == null || value == null) {
                throw new MalformedPacketException(packet + ": NULL in connection attributes");
            }
            result.put(key, value);
        }
        return Collections.unmodifiableMap(result);
    }

    static void encode(ByteBuf out, Map<String, String> attributes) {
        ByteBuf attrs = out.alloc().buffer();
        try {
            attributes.forEach((key, value) -> {
                WireFormat.writeLengthEncodedString(attrs, key, StandardCharsets.UTF_8);
                WireFormat.writeLengthEncodedString(attrs, value, StandardCharsets.UTF_8);
            });
            WireFormat.writeLengthEncodedInt(out, attrs.readableBytes());
            out.writeBytes(attrs);
        } finally {
            attrs.release();
        }
    }
}
