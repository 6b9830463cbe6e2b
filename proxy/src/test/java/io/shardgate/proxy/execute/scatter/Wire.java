package io.shardgate.proxy.execute.scatter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test helpers: result-set packet payloads built with the protocol records. */
public final class Wire {

    private Wire() {
    }

    public static ColumnDefinition41 column(String name, ColumnType type, int charset, long length, int flags, int decimals) {
        return new ColumnDefinition41("def", "shop", "orders", "orders_0000", name, name, charset, length, type, flags,
                decimals, null);
    }

    public static ColumnDefinition41 bigint(String name) {
        return column(name, ColumnType.LONGLONG, CharsetId.BINARY, 20, ColumnFlags.NUM, 0);
    }

    public static ColumnDefinition41 varchar(String name) {
        return column(name, ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80, 0, 0);
    }

    public static ByteBuf payload(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        return buf;
    }

    public static ByteBuf columnCount(int n) {
        return payload(b -> WireFormat.writeLengthEncodedInt(b, n));
    }

    public static ByteBuf definition(ColumnDefinition41 c) {
        return payload(c::encode);
    }

    /** A text row of UTF-8 strings; null is SQL NULL. */
    public static ByteBuf row(String... values) {
        List<byte[]> bytes = new ArrayList<>();
        for (String v : values) {
            bytes.add(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
        }
        return payload(new TextRow(bytes)::encode);
    }

    public static ByteBuf rowOfBytes(byte[]... values) {
        return payload(TextRow.of(values)::encode);
    }

    public static ByteBuf eof(int status) {
        return payload(b -> new EofPacket(0, status).encode(b, Capabilities.PROTOCOL_41));
    }

    public static ByteBuf err(int code, String state, String message) {
        return payload(new ErrPacket(code, state, message)::encode);
    }

    public static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
