package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** COM_FIELD_LIST (deprecated, still sent by old clients): the columns of a table matching a wildcard. */
public record ComFieldList(String table, String wildcard) {

    public ComFieldList {
        wildcard = wildcard == null ? "" : wildcard;
    }

    public static ComFieldList decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != Command.FIELD_LIST.code()) {
                throw MalformedPacketException.badHeader("COM_FIELD_LIST", Command.FIELD_LIST.code(), header);
            }
            String table = WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8);
            return new ComFieldList(table, WireFormat.readRestOfPacketString(buf, StandardCharsets.UTF_8));
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("COM_FIELD_LIST", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(Command.FIELD_LIST.code());
        WireFormat.writeNulTerminatedString(out, table, StandardCharsets.UTF_8);
        out.writeCharSequence(wildcard, StandardCharsets.UTF_8);
    }
}
