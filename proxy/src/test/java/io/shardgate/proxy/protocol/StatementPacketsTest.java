package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StatementPacketsTest {

    private static <T> T decode(byte[] bytes, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    private static ColumnDefinition41 column(ColumnType type, int charset, int flags) {
        return ColumnDefinition41.of(type.name().toLowerCase(), type, charset, 20, flags);
    }

    private static final List<ColumnDefinition41> COLUMNS = List.of(
            column(ColumnType.TINY, 63, 0),
            column(ColumnType.TINY, 63, ColumnFlags.UNSIGNED),
            column(ColumnType.SHORT, 63, 0),
            column(ColumnType.YEAR, 63, ColumnFlags.UNSIGNED),
            column(ColumnType.INT24, 63, 0),
            column(ColumnType.LONG, 63, ColumnFlags.UNSIGNED),
            column(ColumnType.LONGLONG, 63, 0),
            column(ColumnType.LONGLONG, 63, ColumnFlags.UNSIGNED),
            column(ColumnType.FLOAT, 63, 0),
            column(ColumnType.DOUBLE, 63, 0),
            column(ColumnType.NEWDECIMAL, 63, 0),
            column(ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 0),
            column(ColumnType.BLOB, CharsetId.BINARY, ColumnFlags.BINARY),
            column(ColumnType.DATE, 63, 0),
            column(ColumnType.DATETIME, 63, 0),
            column(ColumnType.TIMESTAMP, 63, 0),
            column(ColumnType.DATETIME, 63, 0),
            column(ColumnType.TIME, 63, 0),
            column(ColumnType.TIME, 63, 0),
            column(ColumnType.DATE, 63, 0),
            column(ColumnType.STRING, CharsetId.UTF8MB4_GENERAL_CI, 0));

    private static final List<Object> VALUES = Arrays.asList(
            -5L, 250L, -30000L, 2024L, -8_000_000L, 4_000_000_000L, Long.MIN_VALUE,
            new BigInteger("18446744073709551615"), 1.5f, -2.25e300, new BigDecimal("-12345.6700"),
            "héllo", new byte[] {0, 1, (byte) 0xFF}, LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000), LocalDateTime.of(1999, 12, 31, 23, 59, 59),
            LocalDateTime.of(2000, 1, 1, 0, 0), Duration.ofDays(-3).minusHours(4).minusMinutes(5).minusSeconds(6)
                    .minusNanos(7000),
            Duration.ofHours(838), MysqlDateTime.ZERO, null);

    @Test
    void binaryRowRoundTripsEveryType() {
        BinaryRow row = new BinaryRow(VALUES);
        byte[] bytes = Bytes.encode(b -> row.encode(b, COLUMNS));
        assertThat(bytes[0]).isZero();
        BinaryRow decoded = decode(bytes, b -> BinaryRow.decode(b, COLUMNS));
        assertThat(decoded).isEqualTo(row);
        assertThat(decoded.values().get(7)).isInstanceOf(BigInteger.class);
        assertThat(Bytes.encode(b -> decoded.encode(b, COLUMNS))).isEqualTo(bytes);
    }

    @Test
    void binaryRowNullBitmapStartsAtBitTwo() {
        List<ColumnDefinition41> columns = List.of(column(ColumnType.LONG, 63, 0), column(ColumnType.LONG, 63, 0));
        byte[] bytes = Bytes.encode(b -> new BinaryRow(Arrays.asList(null, 7L)).encode(b, columns));
        assertThat(bytes).containsExactly(0x00, 0b100, 7, 0, 0, 0);
        // 7 columns need (7 + 9) / 8 = 2 bitmap bytes; the 7th column's NULL bit is bit 0 of byte 2
        List<ColumnDefinition41> seven = java.util.Collections.nCopies(7, column(ColumnType.TINY, 63, 0));
        byte[] sevenBytes = Bytes.encode(b -> new BinaryRow(Arrays.asList(1L, 1L, 1L, 1L, 1L, 1L, null))
                .encode(b, seven));
        assertThat(Arrays.copyOf(sevenBytes, 3)).containsExactly(0x00, 0x00, 0x01);
    }

    @Test
    void binaryRowDatesJavaTimeCannotHoldSurviveAsFields() {
        List<ColumnDefinition41> columns = List.of(column(ColumnType.DATE, 63, 0), column(ColumnType.DATETIME, 63, 0));
        byte[] bytes = Bytes.fromHex("00" + "00" + "04e8070200" + "0b" + "e8070203" + "010203" + "40e20100");
        BinaryRow row = decode(bytes, b -> BinaryRow.decode(b, columns));
        assertThat(row.values().get(0)).isEqualTo(new MysqlDateTime(2024, 2, 0, 0, 0, 0, 0));
        assertThat(row.values().get(1)).isEqualTo(LocalDateTime.of(2024, 2, 3, 1, 2, 3, 123_456_000));
        assertThat(Bytes.encode(b -> row.encode(b, columns))).isEqualTo(bytes);
    }

    @Test
    void binaryRowStringsUseTheColumnCharset() {
        List<ColumnDefinition41> columns = List.of(column(ColumnType.VAR_STRING, CharsetId.LATIN1_SWEDISH_CI, 0));
        BinaryRow row = decode(Bytes.fromHex("00" + "00" + "01e9"), b -> BinaryRow.decode(b, columns));
        assertThat(row.values()).containsExactly("é");
    }

    @Test
    void binaryRowSurvivesTruncationAndByteFlips() {
        byte[] bytes = Bytes.encode(b -> new BinaryRow(VALUES).encode(b, COLUMNS));
        assertThat(MalformedInput.truncations(bytes, b -> BinaryRow.decode(b, COLUMNS))).isEqualTo(bytes.length);
        MalformedInput.byteFlips(bytes, 0xFF, b -> BinaryRow.decode(b, COLUMNS));
        MalformedInput.byteFlips(bytes, 0x0C, b -> BinaryRow.decode(b, COLUMNS));
        MalformedInput.byteFlips(bytes, 0x00, b -> BinaryRow.decode(b, COLUMNS));
    }

    @Test
    void prepareOkRoundTrips() {
        ComStmtPrepareOk ok = new ComStmtPrepareOk(0x8000_0001L, 3, 2, 1);
        byte[] bytes = Bytes.encode(ok::encode);
        assertThat(Bytes.hex(ok::encode)).isEqualTo("00" + "01000080" + "0300" + "0200" + "00" + "0100");
        assertThat(decode(bytes, ComStmtPrepareOk::decode)).isEqualTo(ok);
        assertThat(decode(Arrays.copyOf(bytes, 10), ComStmtPrepareOk::decode).warnings()).isZero();
        // the warning count is optional, everything up to the filler byte is not
        assertThat(MalformedInput.truncations(bytes, ComStmtPrepareOk::decode)).isEqualTo(10);
    }

    @Test
    void executeWithNewlyBoundTypesRoundTrips() {
        PreparedStatementState state = new PreparedStatementState(7, 4, 1);
        List<ParameterType> types = List.of(new ParameterType(ColumnType.LONGLONG, true),
                new ParameterType(ColumnType.VAR_STRING, false), new ParameterType(ColumnType.DOUBLE, false),
                new ParameterType(ColumnType.DATETIME, false));
        ComStmtExecute execute = new ComStmtExecute(7, 0, 1, true, types,
                Arrays.asList(new BigInteger("18446744073709551615"), "abc".getBytes(StandardCharsets.UTF_8), null,
                        LocalDateTime.of(2020, 1, 2, 3, 4, 5)));
        byte[] bytes = Bytes.encode(b -> execute.encode(b, StandardCharsets.UTF_8));
        assertThat(Bytes.hex(b -> execute.encode(b, StandardCharsets.UTF_8)))
                .startsWith("17" + "07000000" + "00" + "01000000" + "04" + "01" + "0880" + "fd00" + "0500" + "0c00");
        ComStmtExecute decoded = decode(bytes, b -> ComStmtExecute.decode(b, state));
        assertThat(decoded).isEqualTo(execute);
        assertThat(state.boundTypes()).as("decode is pure").isNull();
        MalformedInput.truncations(bytes, b -> ComStmtExecute.decode(b, state));
        MalformedInput.byteFlips(bytes, 0xFF, b -> ComStmtExecute.decode(b, state));
    }

    @Test
    void executeWithoutTypesUsesThePreviouslyBoundOnes() {
        PreparedStatementState state = new PreparedStatementState(9, 2, 0);
        List<ParameterType> types = List.of(new ParameterType(ColumnType.LONG, false),
                new ParameterType(ColumnType.BLOB, false));
        ComStmtExecute execute = new ComStmtExecute(9, 0, 1, false, types,
                Arrays.asList(-1L, ComStmtExecute.LongData.SENT_SEPARATELY));
        byte[] bytes = Bytes.encode(b -> execute.encode(b, StandardCharsets.UTF_8));
        assertThat(bytes).hasSize(1 + 4 + 1 + 4 + 1 + 1 + 4);
        assertThatThrownBy(() -> decode(bytes, b -> ComStmtExecute.decode(b, state)))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("no parameter types bound");
        state.bind(types);
        state.markLongData(1);
        assertThat((Object) decode(bytes, b -> ComStmtExecute.decode(b, state))).isEqualTo(execute);
        state.clearLongData();
        assertThat(state.hasLongData(1)).isFalse();
        assertThatThrownBy(() -> state.markLongData(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.bind(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void executeWithoutParametersIsTenBytes() {
        PreparedStatementState state = new PreparedStatementState(1, 0, 2);
        ComStmtExecute execute = new ComStmtExecute(1, ComStmtExecute.CURSOR_TYPE_READ_ONLY, 1, false, List.of(),
                List.of());
        byte[] bytes = Bytes.encode(b -> execute.encode(b, StandardCharsets.UTF_8));
        assertThat(bytes).hasSize(10);
        assertThat((Object) decode(bytes, b -> ComStmtExecute.decode(b, state))).isEqualTo(execute);
        assertThat(decode(bytes, PreparedStatementState::statementIdOf)).isEqualTo(1L);
        PreparedStatementState other = new PreparedStatementState(2, 0, 0);
        assertThatThrownBy(() -> decode(bytes, b -> ComStmtExecute.decode(b, other)))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("statement id 1");
    }

    @Test
    void sendLongDataFetchAndFieldListRoundTrip() {
        ComStmtSendLongData longData = new ComStmtSendLongData(5, 1, new byte[] {9, 8});
        byte[] longBytes = Bytes.encode(longData::encode);
        assertThat(longBytes).containsExactly(0x18, 5, 0, 0, 0, 1, 0, 9, 8);
        assertThat(decode(longBytes, ComStmtSendLongData::decode)).usingRecursiveComparison().isEqualTo(longData);
        assertThat(MalformedInput.truncations(longBytes, ComStmtSendLongData::decode)).isEqualTo(7);

        ComStmtFetch fetch = new ComStmtFetch(5, 100);
        byte[] fetchBytes = Bytes.encode(fetch::encode);
        assertThat(decode(fetchBytes, ComStmtFetch::decode)).isEqualTo(fetch);
        assertThat(MalformedInput.truncations(fetchBytes, ComStmtFetch::decode)).isEqualTo(9);

        ComFieldList list = new ComFieldList("orders", "o%");
        byte[] listBytes = Bytes.encode(list::encode);
        assertThat(decode(listBytes, ComFieldList::decode)).isEqualTo(list);
        // only the header and the table name's NUL are checkable
        assertThat(MalformedInput.byteFlips(listBytes, 0x03, ComFieldList::decode)).isEqualTo(2);
    }

    @Test
    void parameterTypeCarriesTheUnsignedFlagInTheHighByte() {
        assertThat(ParameterType.of(0x8008)).isEqualTo(new ParameterType(ColumnType.LONGLONG, true));
        assertThat(new ParameterType(ColumnType.TINY, false).code()).isEqualTo(1);
        assertThatThrownBy(() -> ParameterType.of(0x0020)).isInstanceOf(MalformedPacketException.class);
    }
}
