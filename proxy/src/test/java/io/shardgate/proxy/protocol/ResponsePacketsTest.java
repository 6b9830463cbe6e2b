package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResponsePacketsTest {

    private static final int CAPS = Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.SESSION_TRACK | Capabilities.DEPRECATE_EOF;

    private static <T> T decode(byte[] bytes, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void plainOkIsSevenBytes() {
        OkPacket ok = OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT, 0);
        assertThat(Bytes.hex(b -> ok.encode(b, CAPS))).isEqualTo("00000002000000");
        assertThat((Object) decode(Bytes.fromHex("00000002000000"), b -> OkPacket.decode(b, CAPS))).isEqualTo(ok);
    }

    @Test
    void okWithLargeCountsInfoAndSessionStateRoundTrips() {
        int status = ServerStatus.IN_TRANS | ServerStatus.SESSION_STATE_CHANGED;
        OkPacket ok = new OkPacket(OkPacket.HEADER, 70_000, 1L << 40, status, 3, "Rows matched: 1  Changed: 1",
                new byte[] {1, 2, 3});
        byte[] bytes = Bytes.encode(b -> ok.encode(b, CAPS));
        OkPacket decoded = decode(bytes, b -> OkPacket.decode(b, CAPS));
        assertThat(decoded).usingRecursiveComparison().isEqualTo(ok);
        assertThat(MalformedInput.truncations(bytes, b -> OkPacket.decode(b, CAPS))).isPositive();
        MalformedInput.byteFlips(bytes, 0xFF, b -> OkPacket.decode(b, CAPS));
    }

    @Test
    void okInfoWithoutSessionTrackIsStillLengthEncoded() {
        int caps = Capabilities.PROTOCOL_41;
        OkPacket ok = new OkPacket(OkPacket.HEADER, 1, 0, 2, 0, "Records: 1  Duplicates: 0  Warnings: 0", null);
        byte[] bytes = Bytes.encode(b -> ok.encode(b, caps));
        assertThat(bytes[7]).isEqualTo((byte) ok.info().length());
        assertThat(decode(bytes, b -> OkPacket.decode(b, caps)).info()).isEqualTo(ok.info());
        // An old-style unprefixed info string still decodes as the rest of the packet.
        byte[] raw = Bytes.fromHex("00010002000000" + "4f4b");
        assertThat(decode(raw, b -> OkPacket.decode(b, caps)).info()).isEqualTo("OK");
    }

    @Test
    void terminatorOkHasTheEofHeader() {
        OkPacket terminator = OkPacket.terminator(ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS, 1);
        byte[] bytes = Bytes.encode(b -> terminator.encode(b, CAPS));
        assertThat(bytes[0]).isEqualTo((byte) 0xFE);
        OkPacket decoded = decode(bytes, b -> OkPacket.decode(b, CAPS));
        assertThat(decoded.isTerminator()).isTrue();
        assertThat(decoded.statusFlags()).isEqualTo(terminator.statusFlags());
        assertThat((boolean) decode(bytes, b -> EofPacket.isTerminator(b, CAPS))).isTrue();
        assertThat(decode(bytes, OkPacket::isOk)).isFalse();
    }

    @Test
    void okWithoutProtocol41CarriesOnlyStatusWithTransactions() {
        OkPacket ok = OkPacket.of(5, 6, ServerStatus.AUTOCOMMIT, 0);
        assertThat(Bytes.hex(b -> ok.encode(b, Capabilities.TRANSACTIONS))).isEqualTo("0005060200");
        assertThat(Bytes.hex(b -> ok.encode(b, 0))).isEqualTo("000506");
        assertThat((Object) decode(Bytes.fromHex("0005060200"), b -> OkPacket.decode(b, Capabilities.TRANSACTIONS)))
                .isEqualTo(ok);
    }

    @Test
    void okRejectsOtherHeaders() {
        assertThatThrownBy(() -> decode(Bytes.fromHex("01000002000000"), b -> OkPacket.decode(b, CAPS)))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("OK: expected header 0x00, found 0x01");
        assertThatThrownBy(() -> new OkPacket(1, 0, 0, 0, 0, "", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errRoundTripsWithSqlState() {
        ErrPacket err = MysqlError.NO_SUCH_TABLE.toPacket("shop", "orders");
        byte[] bytes = Bytes.encode(err::encode);
        assertThat(Bytes.hex(err::encode)).startsWith("ff7a04" + "23" + "3432533032");
        ErrPacket decoded = decode(bytes, ErrPacket::decode);
        assertThat(decoded).isEqualTo(new ErrPacket(1146, "42S02", "Table 'shop.orders' doesn't exist"));
        assertThat(decoded.toString()).isEqualTo("ERROR 1146 (42S02): Table 'shop.orders' doesn't exist");
        assertThat(MalformedInput.truncations(bytes, ErrPacket::decode)).isPositive();
        MalformedInput.byteFlips(bytes, 0x23, ErrPacket::decode);
    }

    @Test
    void errWithoutTheSqlStateMarkerDefaultsToHy000() {
        byte[] bytes = Bytes.fromHex("ff1500" + "6f6f7073");
        ErrPacket decoded = decode(bytes, ErrPacket::decode);
        assertThat(decoded).isEqualTo(new ErrPacket(21, "HY000", "oops"));
    }

    @Test
    void eofRoundTripsAndIsToldApartFromRowsByLength() {
        EofPacket eof = new EofPacket(2, ServerStatus.AUTOCOMMIT);
        int caps = Capabilities.PROTOCOL_41;
        byte[] bytes = Bytes.encode(b -> eof.encode(b, caps));
        assertThat(bytes).containsExactly(0xFE, 2, 0, 2, 0);
        assertThat((Object) decode(bytes, b -> EofPacket.decode(b, caps))).isEqualTo(eof);
        assertThat(decode(bytes, EofPacket::isEof)).isTrue();
        assertThat((boolean) decode(bytes, b -> EofPacket.isTerminator(b, caps))).isTrue();
        // A text row whose first value is 2^24 bytes long starts with 0xFE too, but is far longer than 9 bytes.
        byte[] rowStart = new byte[9];
        rowStart[0] = (byte) 0xFE;
        assertThat(decode(rowStart, EofPacket::isEof)).isFalse();
        assertThat((boolean) decode(rowStart, b -> EofPacket.isTerminator(b, caps))).isFalse();
        assertThat((boolean) decode(rowStart, b -> EofPacket.isTerminator(b, caps | Capabilities.DEPRECATE_EOF))).isTrue();
        assertThat((Object) decode(Bytes.fromHex("fe"), b -> EofPacket.decode(b, 0))).isEqualTo(new EofPacket(0, 0));
        assertThat(MalformedInput.truncations(bytes, b -> EofPacket.decode(b, caps))).isEqualTo(5);
    }

    @Test
    void columnDefinitionRoundTrips() {
        ColumnDefinition41 column = new ColumnDefinition41("def", "shop", "o", "orders", "id", "order_id",
                CharsetId.BINARY, 20, ColumnType.LONGLONG,
                ColumnFlags.NOT_NULL | ColumnFlags.PRIMARY_KEY | ColumnFlags.UNSIGNED, 0, null);
        byte[] bytes = Bytes.encode(column::encode);
        ColumnDefinition41 decoded = decode(bytes, ColumnDefinition41::decode);
        assertThat(decoded).isEqualTo(column);
        assertThat(decoded.isUnsigned()).isTrue();
        assertThat(MalformedInput.truncations(bytes, ColumnDefinition41::decode)).isEqualTo(bytes.length);
        MalformedInput.byteFlips(bytes, 0xFF, ColumnDefinition41::decode);
        MalformedInput.byteFlips(bytes, 0xFC, ColumnDefinition41::decode);
    }

    @Test
    void fieldListColumnDefinitionCarriesDefaults() {
        ColumnDefinition41 column = new ColumnDefinition41("def", "shop", "t", "t", "c", "c", 45, 40,
                ColumnType.VAR_STRING, 0, 0, "x".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = Bytes.encode(column::encode);
        ColumnDefinition41 decoded = decode(bytes, b -> ColumnDefinition41.decode(b, true));
        assertThat(decoded.defaultValues()).containsExactly('x');
        assertThat(decode(bytes, ColumnDefinition41::decode).defaultValues()).isNull();
    }

    @Test
    void unknownColumnTypeIsMalformed() {
        byte[] bytes = Bytes.encode(ColumnDefinition41.of("c", ColumnType.LONG, 63, 11, 0)::encode);
        bytes[bytes.length - 6] = 0x30;
        assertThatThrownBy(() -> decode(bytes, ColumnDefinition41::decode))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("unknown column type 0x30");
    }

    @Test
    void textRowRoundTripsWithNulls() {
        TextRow row = TextRow.of("1".getBytes(StandardCharsets.UTF_8), null, new byte[0], new byte[300]);
        byte[] bytes = Bytes.encode(row::encode);
        assertThat(bytes[2]).isEqualTo((byte) 0xFB);
        assertThat((Object) decode(bytes, b -> TextRow.decode(b, 4))).isEqualTo(row);
        assertThat(decode(bytes, b -> TextRow.decode(b, 4)).values().get(1)).isNull();
        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, 5)))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("5 columns expected");
        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, 3)))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("bytes left after 3 columns");
        assertThat(MalformedInput.truncations(bytes, b -> TextRow.decode(b, 4))).isEqualTo(bytes.length);
        MalformedInput.byteFlips(bytes, 0xFF, b -> TextRow.decode(b, 4));
    }
}
