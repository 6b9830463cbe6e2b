package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A row of the text protocol: one length-encoded string per column, 0xFB for NULL. Values stay
 * bytes; their charset is the column's.
 *
 * @param values one entry per column, null for SQL NULL
 */
public record TextRow(List<byte[]> values) {

    public TextRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static TextRow of(byte[]... values) {
        return new TextRow(Arrays.asList(values));
    }

    public static TextRow decode(ByteBuf payload, int columnCount) {
        ByteBuf buf = payload.duplicate();
        List<byte[]> values = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            if (!buf.isReadable()) {
                throw new MalformedPacketException("TextRow: " + columnCount + " columns expected, payload ends after " + i);
            }
            values.add(WireFormat.readLengthEncodedBytes(buf));
        }
        if (buf.isReadable()) {
            throw new MalformedPacketException("TextRow: " + buf.readableBytes() + " bytes left after " + columnCount
                    + " columns");
        }
        return new TextRow(values);
    }

    public void encode(ByteBuf out) {
        for (byte[] value : values) {
            WireFormat.writeLengthEncodedBytes(out, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TextRow other) || other.values.size() != values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Arrays.equals(values.get(i), other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (byte[] value : values) {
            hash = 31 * hash + Arrays.hashCode(value);
        }
        return hash;
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>(values.size());
        for (byte[] value : values) {
            shown.add(value == null ? "NULL" : new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return "TextRow" + shown;
    }
}
