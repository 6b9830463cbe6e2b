package io.shardgate.proxy.execute.rows;

import static io.shardgate.proxy.execute.scatter.Wire.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.shardgate.proxy.execute.scatter.Wire;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.router.merge.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRowEncoderTest {

    private static final int BIN = CharsetId.BINARY;
    private static final int NUM = ColumnFlags.NUM;

    /** A column and a value as a server writes it. */
    private record Sample(ColumnDefinition41 column, byte[] text) {
        static Sample of(ColumnDefinition41 column, String text) {
            return new Sample(column, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final List<Sample> SERVER_VALUES = List.of(
            Sample.of(column("tiny", ColumnType.TINY, BIN, 4, NUM, 0), "-5"),
            Sample.of(column("zerofilled", ColumnType.LONG, BIN, 5, NUM | ColumnFlags.UNSIGNED | ColumnFlags.ZEROFILL, 0),
                    "00042"),
            Sample.of(column("year", ColumnType.YEAR, BIN, 4, NUM | ColumnFlags.UNSIGNED | ColumnFlags.ZEROFILL, 0), "0000"),
            Sample.of(column("big", ColumnType.LONGLONG, BIN, 20, NUM | ColumnFlags.UNSIGNED, 0), "18446744073709551615"),
            Sample.of(column("dec", ColumnType.NEWDECIMAL, BIN, 12, NUM, 3), "-0.500"),
            Sample.of(column("float", ColumnType.FLOAT, BIN, 12, NUM, 31), "3.40282e38"),
            Sample.of(column("float_fixed", ColumnType.FLOAT, BIN, 7, NUM, 3), "1.100"),
            Sample.of(column("double", ColumnType.DOUBLE, BIN, 22, NUM, 31), "0.00000015"),
            Sample.of(column("double_big", ColumnType.DOUBLE, BIN, 22, NUM, 31), "1.2345678901234568e17"),
            Sample.of(column("double_fixed", ColumnType.DOUBLE, BIN, 10, NUM, 2), "12345678.91"),
            Sample.of(column("date", ColumnType.DATE, BIN, 10, ColumnFlags.BINARY, 0), "2024-01-02"),
            Sample.of(column("zero_date", ColumnType.DATE, BIN, 10, ColumnFlags.BINARY, 0), "0000-00-00"),
            Sample.of(column("datetime3", ColumnType.DATETIME, BIN, 23, ColumnFlags.BINARY, 3), "2024-01-02 03:04:05.120"),
            Sample.of(column("timestamp", ColumnType.TIMESTAMP, BIN, 19, ColumnFlags.BINARY, 0), "1970-01-01 00:00:01"),
            Sample.of(column("time2", ColumnType.TIME, BIN, 13, ColumnFlags.BINARY, 2), "-838:59:59.00"),
            Sample.of(column("utf8", ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80, 0, 0), "grüße 🙂"),
            Sample.of(column("enum", ColumnType.STRING, CharsetId.UTF8MB4_GENERAL_CI, 20, ColumnFlags.ENUM, 0), "small"),
            Sample.of(column("json", ColumnType.BLOB, CharsetId.UTF8MB4_BIN, 4294967295L, ColumnFlags.BLOB, 0),
                    "{\"a\": [1, 2]}"),
            Sample.of(column("null", ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80, 0, 0), null),
            new Sample(column("latin1", ColumnType.VAR_STRING, CharsetId.LATIN1_SWEDISH_CI, 20, 0, 0),
                    new byte[] {'c', 'a', 'f', (byte) 0xE9, (byte) 0x81}),
            new Sample(column("binary", ColumnType.BLOB, BIN, 65535, ColumnFlags.BINARY | ColumnFlags.BLOB, 0),
                    new byte[] {0, 1, (byte) 0xFF}),
            new Sample(column("bit", ColumnType.BIT, BIN, 5, ColumnFlags.UNSIGNED, 0), new byte[] {0x05}));

    @Test
    void valuesNoMergeTouchedGoBackByteForByte() {
        List<ColumnDefinition41> columns = SERVER_VALUES.stream().map(Sample::column).toList();
        List<byte[]> texts = new ArrayList<>();
        SERVER_VALUES.forEach(s -> texts.add(s.text()));
        byte[] original = Wire.bytes(Wire.payload(new TextRow(texts)::encode));

        ByteBuf in = Unpooled.wrappedBuffer(original);
        Row row = new TextRowDecoder(columns).decode(in);
        in.release();
        ByteBuf out = Unpooled.buffer();
        new TextRowEncoder(columns).encode(row, out);

        assertThat(TextRow.decode(out, columns.size())).isEqualTo(new TextRow(texts));
        assertThat(Wire.bytes(out)).isEqualTo(original);
    }

    private static String encodeOne(ColumnDefinition41 column, Object value) {
        ByteBuf out = Unpooled.buffer();
        new TextRowEncoder(List.of(column)).encode(new Row(new Object[] {value}), out);
        byte[] text = TextRow.decode(out, 1).values().get(0);
        out.release();
        return text == null ? null : new String(text, StandardCharsets.UTF_8);
    }

    @Test
    void mergedValuesAreWrittenForTheirClientColumn() {
        // SUM over DECIMAL(10,3): the merge computes at the column's scale
        assertThat(encodeOne(column("s", ColumnType.NEWDECIMAL, BIN, 34, NUM, 3), new BigDecimal("3.250")))
                .isEqualTo("3.250");
        // AVG over a DOUBLE with 3 decimals: decimals 7
        assertThat(encodeOne(column("a", ColumnType.DOUBLE, BIN, 23, NUM, 7), 0.565)).isEqualTo("0.5650000");
        assertThat(encodeOne(column("a", ColumnType.DOUBLE, BIN, 23, NUM, 31), 0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(encodeOne(column("c", ColumnType.LONGLONG, BIN, 21, NUM, 0), 5L)).isEqualTo("5");
        assertThat(encodeOne(column("u", ColumnType.LONGLONG, BIN, 20, NUM, 0), new BigInteger("18446744073709551615")))
                .isEqualTo("18446744073709551615");
        // MIN over a DATETIME(6)
        assertThat(encodeOne(column("m", ColumnType.DATETIME, BIN, 26, ColumnFlags.BINARY, 6),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5))).isEqualTo("2024-01-02 03:04:05.000000");
        assertThat(encodeOne(column("d", ColumnType.DATE, BIN, 10, ColumnFlags.BINARY, 0), LocalDate.of(999, 1, 1)))
                .isEqualTo("0999-01-01");
        assertThat(encodeOne(column("t", ColumnType.TIME, BIN, 10, ColumnFlags.BINARY, 0), Duration.ofHours(25)))
                .isEqualTo("25:00:00");
        // GROUP_CONCAT(DISTINCT x) of numbers: a string in the BLOB column's charset
        assertThat(encodeOne(column("g", ColumnType.BLOB, CharsetId.UTF8MB4_GENERAL_CI, 4194304, ColumnFlags.BLOB, 0),
                "-7,1")).isEqualTo("-7,1");
        assertThat(encodeOne(column("n", ColumnType.LONGLONG, BIN, 21, NUM, 0), null)).isNull();
    }

    @Test
    void stringsAreEncodedInTheColumnsCharset() {
        ByteBuf out = Unpooled.buffer();
        new TextRowEncoder(List.of(column("l", ColumnType.VAR_STRING, CharsetId.LATIN1_SWEDISH_CI, 20, 0, 0)))
                .encode(new Row(new Object[] {"é€"}), out);
        assertThat(TextRow.decode(out, 1).values().get(0)).isEqualTo(new byte[] {(byte) 0xE9, (byte) 0x80});
        out.release();
    }

    @Test
    void aRowMustFitTheColumns() {
        TextRowEncoder encoder = new TextRowEncoder(List.of(Wire.bigint("a")));
        ByteBuf out = Unpooled.buffer();
        assertThatThrownBy(() -> encoder.encode(new Row(new Object[] {1L, 2L}), out))
                .isInstanceOf(IllegalArgumentException.class);
        out.release();
    }
}
