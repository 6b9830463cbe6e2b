package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.protocol.auth.NativePassword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Decodes bytes captured from a real MariaDB 10.11 (see CaptureTool and the files' comments). */
class CapturedPacketsTest {

    /** The password CaptureTool's LocalMariaDb gave its native user. */
    private static final byte[] PASSWORD = "s3cret-pw".getBytes(StandardCharsets.UTF_8);
    private static final int RAW_CAPS = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
            | Capabilities.CONNECT_WITH_DB | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.SECURE_CONNECTION | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA;

    private static <T> T payload(byte[] wirePacket, Function<ByteBuf, T> decoder) {
        ByteBuf payload = Unpooled.wrappedBuffer(wirePacket, 4, wirePacket.length - 4);
        try {
            return decoder.apply(payload);
        } finally {
            payload.release();
        }
    }

    private static byte[] payloadBytes(byte[] wirePacket) {
        return Arrays.copyOfRange(wirePacket, 4, wirePacket.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cli-handshake-v10", "cli-handshake-response41", "cli-auth-ok", "cli-text-resultset",
        "cli-err-no-such-table", "raw-text-resultset", "raw-text-resultset-deprecate-eof", "raw-prepare-ok",
        "raw-prepare-ok-deprecate-eof", "raw-binary-resultset", "raw-binary-resultset-deprecate-eof"})
    void framingSplitsCapturesIntoTheirPacketsWholeAndByteByByte(String capture) {
        List<byte[]> expected = Captures.packets(capture);
        byte[] wire = Captures.wire(capture);
        assertThat(frame(wire, wire.length)).containsExactlyElementsOf(expected.stream()
                .map(CapturedPacketsTest::payloadBytes).map(Arrays::toString).toList());
        assertThat(frame(wire, 1)).containsExactlyElementsOf(frame(wire, wire.length));
    }

    private static List<String> frame(byte[] wire, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < wire.length; i += chunk) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, i, Math.min(chunk, wire.length - i)));
            for (MysqlPacket packet; (packet = channel.readInbound()) != null; ) {
                byte[] bytes = new byte[packet.payload().readableBytes()];
                packet.payload().getBytes(packet.payload().readerIndex(), bytes);
                payloads.add(Arrays.toString(bytes));
                packet.release();
            }
        }
        assertThat(channel.finish()).isFalse();
        return payloads;
    }

    @Test
    void handshakeAndResponseFromTheMariadbClient() {
        byte[] greetingPacket = Captures.packets("cli-handshake-v10").get(0);
        HandshakeV10 greeting = payload(greetingPacket, HandshakeV10::decode);
        assertThat(greeting.serverVersion()).startsWith("5.5.5-10.11.").endsWith("MariaDB-0+deb12u1");
        assertThat(greeting.seed()).hasSize(20).doesNotContain((byte) 0);
        assertThat(greeting.authPluginName()).isEqualTo(NativePassword.PLUGIN_NAME);
        assertThat(greeting.capabilities() & Capabilities.LONG_PASSWORD).as("MariaDB clears CLIENT_MYSQL").isZero();
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.PROTOCOL_41 | Capabilities.DEPRECATE_EOF
                | Capabilities.PLUGIN_AUTH | Capabilities.SESSION_TRACK)).isTrue();
        assertThat(greeting.mariaDbExtendedCapabilities() & Capabilities.MARIADB_CLIENT_EXTENDED_METADATA).isNotZero();
        assertThat(greeting.connectionId()).isPositive();
        assertThat(Bytes.encode(greeting::encode)).isEqualTo(payloadBytes(greetingPacket));

        byte[] responsePacket = Captures.packets("cli-handshake-response41").get(0);
        assertThat(responsePacket[3]).as("sequence id").isEqualTo((byte) 1);
        HandshakeResponse41 response = payload(responsePacket, HandshakeResponse41::decode);
        assertThat(response.username()).isEqualTo("native");
        assertThat(response.database()).isEqualTo("sgtest");
        assertThat(response.authPluginName()).isEqualTo(NativePassword.PLUGIN_NAME);
        assertThat(response.characterSet()).isEqualTo(CharsetId.UTF8MB4_GENERAL_CI);
        assertThat(response.connectAttributes()).containsEntry("_client_name", "libmariadb")
                .containsEntry("program_name", "mysql");
        // The real client's scramble of the real seed verifies with our implementation.
        assertThat(NativePassword.verify(response.authResponse(), greeting.seed(), PASSWORD)).isTrue();
        assertThat(Bytes.encode(response::encode)).isEqualTo(payloadBytes(responsePacket));
    }

    @Test
    void okPacketsWithSessionStateAndInfo() {
        int cliCaps = payload(Captures.packets("cli-handshake-response41").get(0), HandshakeResponse41::decode)
                .capabilities();
        byte[] authOk = Captures.packets("cli-auth-ok").get(0);
        OkPacket ok = payload(authOk, b -> OkPacket.decode(b, cliCaps));
        assertThat(ServerStatus.has(ok.statusFlags(), ServerStatus.SESSION_STATE_CHANGED)).isTrue();
        assertThat(new String(ok.sessionStateInfo(), StandardCharsets.UTF_8)).endsWith("sgtest");
        assertThat(Bytes.encode(b -> ok.encode(b, cliCaps))).isEqualTo(payloadBytes(authOk));

        byte[] insert = Captures.packets("cli-insert-ok").get(0);
        OkPacket inserted = payload(insert, b -> OkPacket.decode(b, cliCaps));
        assertThat(inserted.affectedRows()).isEqualTo(2);
        assertThat(inserted.info()).isEqualTo("Records: 2  Duplicates: 0  Warnings: 0");
        assertThat(Bytes.encode(b -> inserted.encode(b, cliCaps))).isEqualTo(payloadBytes(insert));

        byte[] update = Captures.packets("cli-update-ok").get(0);
        OkPacket updated = payload(update, b -> OkPacket.decode(b, cliCaps));
        assertThat(updated.affectedRows()).isEqualTo(1);
        assertThat(updated.info()).isEqualTo("Rows matched: 1  Changed: 1  Warnings: 0");
        assertThat(Bytes.encode(b -> updated.encode(b, cliCaps))).isEqualTo(payloadBytes(update));
    }

    @Test
    void errPacket() {
        byte[] packet = Captures.packets("cli-err-no-such-table").get(0);
        ErrPacket err = payload(packet, ErrPacket::decode);
        assertThat(err).isEqualTo(new ErrPacket(1146, "42S02", "Table 'sgtest.no_such_table' doesn't exist"));
        assertThat(Bytes.encode(err::encode)).isEqualTo(payloadBytes(packet));
    }

    @Test
    void textResultSetFromTheMariadbClientUsesExtendedMetadata() {
        List<byte[]> packets = Captures.packets("cli-text-resultset");
        assertThat((Object) payload(packets.get(0), b -> WireFormat.readLengthEncodedInt(b.duplicate()))).isEqualTo(15L);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            names.add(payload(packets.get(i), b -> ColumnDefinition41.decode(b, false, true)).name());
        }
        assertThat(names).containsExactly("id", "ti", "su", "bu", "fl", "db", "de", "vc", "bl", "d", "dt", "ts", "tm",
                "yr", "nu");
        assertThat(payload(packets.get(16), EofPacket::isEof)).isTrue();
        TextRow first = payload(packets.get(17), b -> TextRow.decode(b, 15));
        assertThat(text(first)).containsExactly("1", "-128", "65535", "18446744073709551615", "1.5", "-2.25",
                "-1234.567", "héllo", "\u0000\uFFFD\u0010", "2024-02-29", "2024-02-29 13:14:15.123456",
                "1999-12-31 23:59:59", "-838:59:59.999", "2024", null);
        TextRow second = payload(packets.get(18), b -> TextRow.decode(b, 15));
        assertThat(text(second).get(9)).isEqualTo("0000-00-00");
        assertThat(Bytes.encode(first::encode)).isEqualTo(payloadBytes(packets.get(17)));
        EofPacket eof = payload(packets.get(19), b -> EofPacket.decode(b, Capabilities.PROTOCOL_41));
        assertThat(ServerStatus.has(eof.statusFlags(), ServerStatus.AUTOCOMMIT)).isTrue();
        assertThat(packets).hasSize(20);
    }

    private static List<String> text(TextRow row) {
        return row.values().stream().map(v -> v == null ? null : new String(v, StandardCharsets.UTF_8)).toList();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void textResultSetColumnsReEncodeByteForByte(boolean deprecateEof) {
        List<byte[]> packets = Captures.packets("raw-text-resultset" + (deprecateEof ? "-deprecate-eof" : ""));
        int caps = RAW_CAPS | (deprecateEof ? Capabilities.DEPRECATE_EOF : 0);
        for (int i = 1; i <= 15; i++) {
            ColumnDefinition41 column = payload(packets.get(i), ColumnDefinition41::decode);
            assertThat(Bytes.encode(column::encode)).isEqualTo(payloadBytes(packets.get(i)));
        }
        int firstRow = deprecateEof ? 16 : 17;
        for (int i = firstRow; i < firstRow + 2; i++) {
            int index = i;
            assertThat((boolean) payload(packets.get(i), b -> EofPacket.isTerminator(b, caps))).as("row %d", index).isFalse();
        }
        byte[] end = packets.get(packets.size() - 1);
        assertThat((boolean) payload(end, b -> EofPacket.isTerminator(b, caps))).isTrue();
        if (deprecateEof) {
            OkPacket terminator = payload(end, b -> OkPacket.decode(b, caps));
            assertThat(terminator.isTerminator()).isTrue();
            assertThat(ServerStatus.has(terminator.statusFlags(), ServerStatus.AUTOCOMMIT)).isTrue();
        } else {
            assertThat(payload(packets.get(16), EofPacket::isEof)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void prepareOkWithParameterAndColumnDefinitions(boolean deprecateEof) {
        List<byte[]> packets = Captures.packets("raw-prepare-ok" + (deprecateEof ? "-deprecate-eof" : ""));
        ComStmtPrepareOk ok = payload(packets.get(0), ComStmtPrepareOk::decode);
        assertThat(ok.paramCount()).isEqualTo(1);
        assertThat(ok.columnCount()).isEqualTo(15);
        assertThat(ok.statementId()).isPositive();
        assertThat(Bytes.encode(ok::encode)).isEqualTo(payloadBytes(packets.get(0)));
        ColumnDefinition41 param = payload(packets.get(1), ColumnDefinition41::decode);
        assertThat(param.name()).isEqualTo("?");
        assertThat(packets).hasSize(deprecateEof ? 17 : 19);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void binaryResultSetDecodesEveryTypeAndReEncodesByteForByte(boolean deprecateEof) {
        List<byte[]> packets = Captures.packets("raw-binary-resultset" + (deprecateEof ? "-deprecate-eof" : ""));
        List<ColumnDefinition41> columns = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            columns.add(payload(packets.get(i), ColumnDefinition41::decode));
        }
        int firstRow = deprecateEof ? 16 : 17;
        BinaryRow first = payload(packets.get(firstRow), b -> BinaryRow.decode(b, columns));
        assertThat(first.values()).containsExactly(1L, -128L, 65535L, new BigInteger("18446744073709551615"), 1.5f,
                -2.25, new BigDecimal("-1234.567"), "héllo", new byte[] {0, (byte) 0xFF, 0x10},
                LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000),
                LocalDateTime.of(1999, 12, 31, 23, 59, 59),
                Duration.ofHours(838).plusMinutes(59).plusSeconds(59).plusMillis(999).negated(), 2024L, null);
        BinaryRow second = payload(packets.get(firstRow + 1), b -> BinaryRow.decode(b, columns));
        assertThat(second.values().get(9)).isEqualTo(MysqlDateTime.ZERO);
        assertThat(second.values().get(10)).isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));
        assertThat(second.values().get(11)).isNull();
        assertThat(second.values().get(12)).isEqualTo(Duration.ZERO);
        assertThat(second.values().get(14)).isEqualTo(8L);
        assertThat(Bytes.encode(b -> first.encode(b, columns))).isEqualTo(payloadBytes(packets.get(firstRow)));
        assertThat(Bytes.encode(b -> second.encode(b, columns))).isEqualTo(payloadBytes(packets.get(firstRow + 1)));
    }
}
