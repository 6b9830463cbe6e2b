package io.shardgate.proxy.execute.rows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.WireFormat;
import io.shardgate.router.merge.Row;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Writes merged {@link Row}s as text-protocol rows for the client, each value as one server would have
 * written it under the client-visible column definition: integers and DECIMALs in plain digits (ZEROFILL
 * padded to the column length), FLOAT/DOUBLE by {@link DoubleText}, temporals by {@link TemporalText} with
 * the column's fractional precision, strings in the column's charset, {@code byte[]} as they are.
 *
 * <p>Together with {@link TextRowDecoder} this is a round trip: a value no merge primitive touched comes
 * out with the bytes the shard sent. Stateless after construction; safe to use from one thread at a time.
 */
public final class TextRowEncoder {

    private final ColumnDefinition41[] columns;
    private final Charset[] charsets;

    public TextRowEncoder(List<ColumnDefinition41> columns) {
        this.columns = columns.toArray(ColumnDefinition41[]::new);
        this.charsets = new Charset[this.columns.length];
        for (int i = 0; i < this.columns.length; i++) {
            Charset c = ColumnCharsets.forCollation(this.columns[i].characterSet());
            charsets[i] = c == null ? StandardCharsets.UTF_8 : c;
        }
    }

    /** Appends one row payload (without the packet header) to {@code out}. */
    public void encode(Row row, ByteBuf out) {
        if (row.size() != columns.length) {
            throw new IllegalArgumentException("row of " + row.size() + " values for " + columns.length + " columns");
        }
        for (int i = 0; i < columns.length; i++) {
            Object value = row.get(i);
            switch (value) {
                case null -> WireFormat.writeNull(out);
                case byte[] bytes -> WireFormat.writeLengthEncodedBytes(out, bytes);
                case String s -> writeString(out, s, charsets[i]);
                case BigDecimal d -> writeAscii(out, zerofill(d.toPlainString(), columns[i]));
                case Double d -> writeAscii(out, DoubleText.format(d, columns[i].decimals()));
                case Float f -> writeAscii(out, DoubleText.format(f.doubleValue(), columns[i].decimals()));
                case Number n -> writeAscii(out, zerofill(n.toString(), columns[i]));
                case LocalDateTime t -> writeAscii(out, TemporalText.formatDateTime(t, columns[i].decimals()));
                case LocalDate d -> writeAscii(out, TemporalText.formatDate(d));
                case Duration d -> writeAscii(out, TemporalText.formatTime(d, columns[i].decimals()));
                case Boolean b -> writeAscii(out, b ? "1" : "0");
                default -> writeString(out, value.toString(), charsets[i]);
            }
        }
    }

    /** ZEROFILL columns (and YEAR, which servers flag so) pad numbers with zeros to the column length. */
    private static String zerofill(String digits, ColumnDefinition41 column) {
        if ((column.flags() & ColumnFlags.ZEROFILL) == 0 || digits.length() >= column.columnLength()) {
            return digits;
        }
        return "0".repeat((int) column.columnLength() - digits.length()) + digits;
    }

    private static void writeAscii(ByteBuf out, String s) {
        WireFormat.writeLengthEncodedInt(out, s.length());
        out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    }

    private static void writeString(ByteBuf out, String s, Charset charset) {
        if (charset == StandardCharsets.UTF_8) {
            WireFormat.writeLengthEncodedInt(out, ByteBufUtil.utf8Bytes(s));
            ByteBufUtil.writeUtf8(out, s);
        } else {
            WireFormat.writeLengthEncodedBytes(out, s.getBytes(charset));
        }
    }
}
