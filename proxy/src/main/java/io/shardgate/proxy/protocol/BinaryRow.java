package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A row of the binary protocol (COM_STMT_EXECUTE results): header 0x00, a NULL bitmap whose first
 * two bits are unused (offset 2), then every non-NULL value in its type's binary form
 * ({@link BinaryValue}). Decoding needs the columns' types, unsigned flags and charsets.
 *
 * @param values one entry per column, null for SQL NULL; string-like values are Strings unless
 *               the column's charset is binary (63)
 */
public record BinaryRow(List<Object> values) {

    public static final int HEADER = 0x00;
    private static final int BITMAP_OFFSET = 2;

    public BinaryRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static BinaryRow decode(ByteBuf payload, List<ColumnDefinition41> columns) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != HEADER) {
                throw MalformedPacketException.badHeader("BinaryRow", HEADER, header);
            }
            int count = columns.size();
            byte[] bitmap = new byte[(count + 7 + BITMAP_OFFSET) / 8];
            buf.readBytes(bitmap);
            List<Object> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int bit = i + BITMAP_OFFSET;
                if ((bitmap[bit >> 3] & (1 << (bit & 7))) != 0) {
                    values.add(null);
                } else {
                    ColumnDefinition41 column = columns.get(i);
                    values.add(BinaryValue.read(buf, column.type(), column.isUnsigned(), charsetOf(column)));
                }
            }
            if (buf.isReadable()) {
                throw new MalformedPacketException("BinaryRow: " + buf.readableBytes() + " bytes left after "
                        + count + " columns");
            }
            return new BinaryRow(values);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("BinaryRow", e);
        }
    }

    public void encode(ByteBuf out, List<ColumnDefinition41> columns) {
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + columns.size() + " columns");
        }
        out.writeByte(HEADER);
        byte[] bitmap = new byte[(values.size() + 7 + BITMAP_OFFSET) / 8];
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                int bit = i + BITMAP_OFFSET;
                bitmap[bit >> 3] |= (byte) (1 << (bit & 7));
            }
        }
        out.writeBytes(bitmap);
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value != null) {
                ColumnDefinition41 column = columns.get(i);
                BinaryValue.write(out, column.type(), value, charsetOf(column));
            }
        }
    }

    /** Null for binary columns: their values stay byte[]. */
    private static Charset charsetOf(ColumnDefinition41 column) {
        return column.characterSet() == CharsetId.BINARY ? null : CharsetId.javaCharset(column.characterSet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryRow other && Arrays.deepEquals(values.toArray(), other.values.toArray());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values.toArray());
    }
}
