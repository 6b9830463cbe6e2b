package io.shardgate.proxy.execute.rows;

import static io.shardgate.proxy.execute.scatter.Wire.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.execute.scatter.Wire;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRowDecoderTest {

    private static final int BIN = CharsetId.BINARY;
    private static final int NUM = ColumnFlags.NUM;

    private static Row decodeOne(ColumnDefinition41 column, byte[] value) {
        ByteBuf row = Wire.rowOfBytes(value);
        try {
            return new TextRowDecoder(List.of(column)).decode(row);
        } finally {
            row.release();
        }
    }

    private static Object decode(ColumnDefinition41 column, String value) {
        return decodeOne(column, value == null ? null : value.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void integersBecomeLongs() {
        assertThat(decode(column("t", ColumnType.TINY, BIN, 4, NUM, 0), "-128")).isEqualTo(-128L);
        assertThat(decode(column("s", ColumnType.SHORT, BIN, 6, NUM, 0), "32767")).isEqualTo(32767L);
        assertThat(decode(column("m", ColumnType.INT24, BIN, 9, NUM, 0), "-8388608")).isEqualTo(-8388608L);
        assertThat(decode(column("i", ColumnType.LONG, BIN, 10, NUM | ColumnFlags.UNSIGNED, 0), "4294967295"))
                .isEqualTo(4294967295L);
        assertThat(decode(column("b", ColumnType.LONGLONG, BIN, 20, NUM, 0), "-9223372036854775808"))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(decode(column("b", ColumnType.LONGLONG, BIN, 20, NUM, 0), "9223372036854775807"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(decode(column("y", ColumnType.YEAR, BIN, 4, NUM | ColumnFlags.ZEROFILL, 0), "2024")).isEqualTo(2024L);
    }

    @Test
    void unsignedBigintsAboveLongMaxBecomeBigIntegers() {
        ColumnDefinition41 u = column("u", ColumnType.LONGLONG, BIN, 20, NUM | ColumnFlags.UNSIGNED, 0);
        assertThat(decode(u, "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decode(u, "9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(decode(u, "42")).isEqualTo(42L);
    }

    @Test
    void decimalsKeepTheirScale() {
        ColumnDefinition41 d = column("d", ColumnType.NEWDECIMAL, BIN, 12, NUM, 3);
        assertThat(decode(d, "-1.250")).isEqualTo(new BigDecimal("-1.250"));
        assertThat(((BigDecimal) decode(d, "4.500")).scale()).isEqualTo(3);
        assertThat(decode(column("o", ColumnType.DECIMAL, BIN, 12, NUM, 0), "12")).isEqualTo(new BigDecimal("12"));
    }

    @Test
    void floatsAndDoublesBecomeDoubles() {
        assertThat(decode(column("f", ColumnType.FLOAT, BIN, 12, NUM, 31), "1.5")).isEqualTo(1.5);
        assertThat(decode(column("g", ColumnType.DOUBLE, BIN, 22, NUM, 31), "1e-16")).isEqualTo(1e-16);
        assertThat(decode(column("g", ColumnType.DOUBLE, BIN, 22, NUM, 31), "-1.2345678901234568e17"))
                .isEqualTo(-1.2345678901234568e17);
    }

    @Test
    void temporalsBecomeJavaTime() {
        assertThat(decode(column("d", ColumnType.DATE, BIN, 10, ColumnFlags.BINARY, 0), "2024-01-02"))
                .isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(decode(column("dt", ColumnType.DATETIME, BIN, 23, ColumnFlags.BINARY, 3), "2024-01-02 03:04:05.123"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000));
        assertThat(decode(column("ts", ColumnType.TIMESTAMP, BIN, 19, ColumnFlags.BINARY, 0), "2024-01-02 03:04:05"))
                .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(decode(column("tm", ColumnType.TIME, BIN, 13, ColumnFlags.BINARY, 2), "-12:00:01.50"))
                .isEqualTo(Duration.ofSeconds(43201, 500_000_000).negated());
    }

    @Test
    void zeroDatesStayText() {
        assertThat(decode(column("d", ColumnType.DATE, BIN, 10, ColumnFlags.BINARY, 0), "0000-00-00"))
                .isEqualTo("0000-00-00");
        assertThat(decode(column("dt", ColumnType.DATETIME, BIN, 19, ColumnFlags.BINARY, 0), "0000-00-00 00:00:00"))
                .isEqualTo("0000-00-00 00:00:00");
    }

    @Test
    void textIsDecodedInTheColumnsCharset() {
        assertThat(decode(column("s", ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80, 0, 0), "grüße 🙂"))
                .isEqualTo("grüße 🙂");
        assertThat(decode(column("s", ColumnType.STRING, CharsetId.UTF8MB3_GENERAL_CI, 30, 0, 0), "abc"))
                .isEqualTo("abc");
        // latin1 is cp1252: 0xE9 is é, 0x80 the euro sign
        ColumnDefinition41 latin1 = column("l", ColumnType.VAR_STRING, CharsetId.LATIN1_SWEDISH_CI, 20, 0, 0);
        assertThat(decodeOne(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, (byte) 0x80}).get(0)).isEqualTo("café€");
        // utf16: two bytes per character, big endian
        ColumnDefinition41 utf16 = column("w", ColumnType.VAR_STRING, 54, 20, 0, 0);
        assertThat(decodeOne(utf16, new byte[] {0, 'h', 0, 'i'}).get(0)).isEqualTo("hi");
    }

    @Test
    void whatDoesNotDecodeCleanlyStaysBytes() {
        // 0x81 is one of the five bytes MySQL's latin1 maps and Java's windows-1252 does not
        ColumnDefinition41 latin1 = column("l", ColumnType.VAR_STRING, CharsetId.LATIN1_SWEDISH_CI, 20, 0, 0);
        assertThat(decodeOne(latin1, new byte[] {'a', (byte) 0x81}).get(0)).isEqualTo(new byte[] {'a', (byte) 0x81});
        // not UTF-8
        ColumnDefinition41 utf8 = column("s", ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 80, 0, 0);
        assertThat(decodeOne(utf8, new byte[] {(byte) 0xC3, 'x'}).get(0)).isEqualTo(new byte[] {(byte) 0xC3, 'x'});
        // a collation id the proxy does not know (gbk_chinese_ci = 28): kept as is, never guessed
        ColumnDefinition41 gbk = column("g", ColumnType.VAR_STRING, 28, 20, 0, 0);
        assertThat(decodeOne(gbk, new byte[] {(byte) 0xC4, (byte) 0xE3}).get(0))
                .isEqualTo(new byte[] {(byte) 0xC4, (byte) 0xE3});
    }

    @Test
    void binaryStringsBlobsBitsAndGeometryAreBytes() {
        byte[] raw = {0, (byte) 0xFF, 'a'};
        assertThat(decodeOne(column("vb", ColumnType.VAR_STRING, BIN, 10, ColumnFlags.BINARY, 0), raw).get(0))
                .isEqualTo(raw);
        assertThat(decodeOne(column("bl", ColumnType.BLOB, BIN, 65535, ColumnFlags.BINARY | ColumnFlags.BLOB, 0), raw)
                .get(0)).isEqualTo(raw);
        assertThat(decodeOne(column("bit", ColumnType.BIT, BIN, 5, ColumnFlags.UNSIGNED, 0), new byte[] {0x1F}).get(0))
                .isEqualTo(new byte[] {0x1F});
        assertThat(decodeOne(column("g", ColumnType.GEOMETRY, BIN, 0, ColumnFlags.BINARY, 0), raw).get(0)).isEqualTo(raw);
        // a TEXT column is a BLOB type with a text charset
        assertThat(decode(column("tx", ColumnType.BLOB, CharsetId.UTF8MB4_GENERAL_CI, 262140, ColumnFlags.BLOB, 0), "x"))
                .isEqualTo("x");
    }

    @Test
    void nullIsNullInEveryType() {
        for (ColumnType type : List.of(ColumnType.LONG, ColumnType.NEWDECIMAL, ColumnType.DOUBLE, ColumnType.DATE,
                ColumnType.DATETIME, ColumnType.TIME, ColumnType.VAR_STRING, ColumnType.BLOB, ColumnType.NULL)) {
            assertThat(decode(column("n", type, CharsetId.UTF8MB4_GENERAL_CI, 10, 0, 0), null)).as(type.name()).isNull();
        }
    }

    @Test
    void aRowHasOneTypedValuePerColumn() {
        TextRowDecoder decoder = new TextRowDecoder(List.of(Wire.bigint("id"), Wire.varchar("name"),
                column("amount", ColumnType.NEWDECIMAL, BIN, 12, NUM, 2)));
        ByteBuf row = Wire.row("7", null, "3.50");
        try {
            assertThat(decoder.decode(row)).isEqualTo(new Row(new Object[] {7L, null, new BigDecimal("3.50")}));
            assertThat(row.readerIndex()).isZero();
        } finally {
            row.release();
        }
        assertThat(decoder.columns()).extracting(ColumnMeta::name).containsExactly("id", "name", "amount");
        assertThat(decoder.columns().get(2)).isEqualTo(new ColumnMeta("amount", 246, NUM, 2, BIN));
    }

    @Test
    void malformedRowsAreRefused() {
        TextRowDecoder decoder = new TextRowDecoder(List.of(Wire.bigint("a"), Wire.bigint("b")));
        ByteBuf tooShort = Wire.row("1");
        ByteBuf tooLong = Wire.row("1", "2", "3");
        ByteBuf notANumber = Wire.row("1", "x");
        try {
            assertThatThrownBy(() -> decoder.decode(tooShort)).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("2 columns expected");
            assertThatThrownBy(() -> decoder.decode(tooLong)).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("bytes left");
            assertThatThrownBy(() -> decoder.decode(notANumber)).isInstanceOf(MalformedPacketException.class)
                    .hasMessageContaining("'x' is not a number");
        } finally {
            tooShort.release();
            tooLong.release();
            notANumber.release();
        }
    }
}
