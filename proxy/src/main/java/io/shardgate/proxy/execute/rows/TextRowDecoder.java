package io.shardgate.proxy.execute.rows;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns text-protocol rows of one result set into typed {@link Row}s for the merge, once per row:
 * integers to Long (BigInteger for unsigned BIGINT above Long.MAX_VALUE), DECIMAL to BigDecimal,
 * FLOAT/DOUBLE to Double, DATE/DATETIME/TIMESTAMP/TIME to LocalDate/LocalDateTime/Duration, text to String
 * in the column's charset, binary strings, BIT and GEOMETRY to {@code byte[]}, NULL to null.
 *
 * <p>Text that does not decode cleanly in its charset (an unknown charset, latin1's unmapped bytes, bytes
 * that are not valid UTF-8) and temporal text java.time cannot hold (zero dates) stay {@code byte[]} /
 * String, so every value reaches the client byte for byte (see {@link TextRowEncoder}).
 *
 * <p>Not thread-safe (it keeps charset decoders): one per shard result, used by the thread that consumes
 * that shard's rows.
 */
public final class TextRowDecoder {

    private enum Kind { INTEGER, DECIMAL, FLOATING, DATE, DATETIME, TIME, TEXT, BYTES, NULL }

    private final List<ColumnDefinition41> definitions;
    private final List<ColumnMeta> columns;
    private final Kind[] kinds;
    private final CharsetDecoder[] textDecoders;
    /** Per column: every ASCII byte is that character in its charset, so ASCII text skips the decoder. */
    private final boolean[] asciiCompatible;

    public TextRowDecoder(List<ColumnDefinition41> definitions) {
        this.definitions = List.copyOf(definitions);
        int n = definitions.size();
        List<ColumnMeta> metas = new ArrayList<>(n);
        this.kinds = new Kind[n];
        this.textDecoders = new CharsetDecoder[n];
        this.asciiCompatible = new boolean[n];
        Map<Charset, CharsetDecoder> shared = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ColumnDefinition41 d = definitions.get(i);
            metas.add(meta(d));
            kinds[i] = kindOf(d);
            if (kinds[i] == Kind.TEXT) {
                Charset charset = ColumnCharsets.forCollation(d.characterSet());
                if (charset == null) {
                    kinds[i] = Kind.BYTES;
                } else {
                    textDecoders[i] = shared.computeIfAbsent(charset, c -> c.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
                    asciiCompatible[i] = ColumnCharsets.asciiCompatible(charset);
                }
            }
        }
        this.columns = List.copyOf(metas);
    }

    /** What the merge needs to know of a column, from its definition. */
    public static ColumnMeta meta(ColumnDefinition41 d) {
        return new ColumnMeta(d.name(), d.type().code(), d.flags(), d.decimals(), d.characterSet());
    }

    public List<ColumnDefinition41> definitions() {
        return definitions;
    }

    public List<ColumnMeta> columns() {
        return columns;
    }

    /**
     * One row; the payload is only read (its reader index does not move), the caller still owns it.
     *
     * @throws MalformedPacketException when the row does not have one value per column or a value does
     *     not parse as its column's type
     */
    public Row decode(ByteBuf payload) {
        int index = payload.readerIndex();
        int end = payload.writerIndex();
        Object[] values = new Object[kinds.length];
        ByteBuf view = payload.duplicate();
        for (int i = 0; i < kinds.length; i++) {
            if (!view.isReadable()) {
                throw new MalformedPacketException("text row: " + kinds.length + " columns expected, payload ends after "
                        + i);
            }
            long length = WireFormat.readLengthEncodedInt(view);
            if (length == WireFormat.NULL_LENGTH) {
                continue;
            }
            if (length > view.readableBytes()) {
                throw new MalformedPacketException("text row: column " + i + " claims " + length + " bytes, "
                        + view.readableBytes() + " remain");
            }
            int at = view.readerIndex();
            values[i] = value(i, view, at, (int) length);
            view.readerIndex(at + (int) length);
        }
        if (view.readerIndex() != end) {
            throw new MalformedPacketException("text row: " + (end - view.readerIndex()) + " bytes left after "
                    + kinds.length + " columns (row started at " + index + ")");
        }
        return new Row(values);
    }

    private Object value(int column, ByteBuf buf, int at, int length) {
        try {
            return switch (kinds[column]) {
                case INTEGER -> integer(buf, at, length);
                case DECIMAL -> new BigDecimal(ascii(buf, at, length));
                case FLOATING -> Double.parseDouble(ascii(buf, at, length));
                case DATE -> orText(TemporalText.parseDate(ascii(buf, at, length)), buf, at, length);
                case DATETIME -> orText(TemporalText.parseDateTime(ascii(buf, at, length)), buf, at, length);
                case TIME -> orText(TemporalText.parseTime(ascii(buf, at, length)), buf, at, length);
                case TEXT -> text(column, buf, at, length);
                case BYTES -> bytes(buf, at, length);
                case NULL -> null;
            };
        } catch (NumberFormatException e) {
            throw new MalformedPacketException("text row: column " + column + " (" + definitions.get(column).type()
                    + ") value '" + ascii(buf, at, Math.min(length, 40)) + "' is not a number");
        }
    }

    /** A temporal value, or its text when java.time cannot hold it (zero dates). */
    private static Object orText(Object parsed, ByteBuf buf, int at, int length) {
        return parsed != null ? parsed : ascii(buf, at, length);
    }

    /** Up to 18 digits fit a long without overflow; longer values go through BigInteger. */
    private static Object integer(ByteBuf buf, int at, int length) {
        int i = at;
        int end = at + length;
        boolean negative = length > 0 && buf.getByte(i) == '-';
        if (negative) {
            i++;
        }
        if (i == end) {
            throw new NumberFormatException("empty");
        }
        if (end - i > 18) {
            BigInteger big = new BigInteger(ascii(buf, at, length));
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        long value = 0;
        for (; i < end; i++) {
            int c = buf.getByte(i) - '0';
            if (c < 0 || c > 9) {
                throw new NumberFormatException("not a digit");
            }
            value = value * 10 + c;
        }
        return negative ? -value : value;
    }

    /** Strings in ASCII-compatible charsets skip the decoder when every byte is ASCII (the common case). */
    private Object text(int column, ByteBuf buf, int at, int length) {
        if (asciiCompatible[column] && buf.forEachByte(at, length, b -> b >= 0) == -1) {
            return ascii(buf, at, length);
        }
        try {
            return textDecoders[column].reset().decode(buf.nioBuffer(at, length)).toString();
        } catch (CharacterCodingException e) {
            return bytes(buf, at, length);
        }
    }

    private static String ascii(ByteBuf buf, int at, int length) {
        return buf.toString(at, length, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(ByteBuf buf, int at, int length) {
        byte[] out = new byte[length];
        buf.getBytes(at, out);
        return out;
    }

    private static Kind kindOf(ColumnDefinition41 d) {
        return switch (d.type()) {
            case TINY, SHORT, LONG, INT24, LONGLONG, YEAR -> Kind.INTEGER;
            case DECIMAL, NEWDECIMAL -> Kind.DECIMAL;
            case FLOAT, DOUBLE -> Kind.FLOATING;
            case DATE, NEWDATE -> Kind.DATE;
            case DATETIME, DATETIME2, TIMESTAMP, TIMESTAMP2 -> Kind.DATETIME;
            case TIME, TIME2 -> Kind.TIME;
            case NULL -> Kind.NULL;
            case BIT, GEOMETRY, VECTOR, TYPED_ARRAY -> Kind.BYTES;
            // VARCHAR, VAR_STRING, STRING, ENUM, SET, JSON, the BLOBs: text, or bytes when the charset is
            // binary or unknown (decided in the constructor)
            default -> Kind.TEXT;
        };
    }
}
