package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolConstantsTest {

    @Test
    void commandCodesMatchTheProtocol() {
        assertThat(Command.of(0x01)).isEqualTo(Command.QUIT);
        assertThat(Command.of(0x03)).isEqualTo(Command.QUERY);
        assertThat(Command.of(0x16)).isEqualTo(Command.STMT_PREPARE);
        assertThat(Command.of(0x17)).isEqualTo(Command.STMT_EXECUTE);
        assertThat(Command.of(0x1F)).isEqualTo(Command.RESET_CONNECTION);
        assertThat(Command.of(0x20)).isNull();
        assertThat(Command.of(-1)).isNull();
        assertThat(Command.of(300)).isNull();
    }

    @Test
    void columnTypeCodesAreUniqueAndLookedUp() {
        assertThat(ColumnType.of(0xFD)).isEqualTo(ColumnType.VAR_STRING);
        assertThat(ColumnType.of(0x0C)).isEqualTo(ColumnType.DATETIME);
        assertThat(Arrays.stream(ColumnType.values()).map(ColumnType::code).distinct().count())
                .isEqualTo(ColumnType.values().length);
        assertThatThrownBy(() -> ColumnType.of(0x20)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void capabilitiesDescribeAndNegotiate() {
        int caps = Capabilities.PROTOCOL_41 | Capabilities.SSL | Capabilities.REMEMBER_OPTIONS;
        assertThat(Capabilities.describe(caps)).isEqualTo("PROTOCOL_41|SSL|REMEMBER_OPTIONS");
        assertThat(Capabilities.describe(0)).isEqualTo("0");
        assertThat(Capabilities.negotiate(caps, Capabilities.PROTOCOL_41 | Capabilities.DEPRECATE_EOF))
                .isEqualTo(Capabilities.PROTOCOL_41);
        assertThat(Capabilities.has(caps, Capabilities.SSL)).isTrue();
        assertThat(Capabilities.has(caps, Capabilities.DEPRECATE_EOF)).isFalse();
        assertThat(Capabilities.SECURE_CONNECTION).isEqualTo(0x8000);
        assertThat(Capabilities.DEPRECATE_EOF).isEqualTo(0x0100_0000);
    }

    @Test
    void serverStatusHelpers() {
        assertThat(ServerStatus.inTransaction(ServerStatus.IN_TRANS | ServerStatus.AUTOCOMMIT)).isTrue();
        assertThat(ServerStatus.inTransaction(ServerStatus.AUTOCOMMIT)).isFalse();
        assertThat(ServerStatus.moreResultsExist(0x0A)).isTrue();
    }

    @Test
    void errorsHaveUniqueCodesFiveCharacterStatesAndFilledMessages() {
        Set<Integer> codes = new HashSet<>();
        for (MysqlError error : MysqlError.values()) {
            assertThat(codes.add(error.code())).as("duplicate code %d", error.code()).isTrue();
            assertThat(error.sqlState()).hasSize(5);
        }
        assertThat(MysqlError.ACCESS_DENIED.message("app", "10.0.0.1", "YES"))
                .isEqualTo("Access denied for user 'app'@'10.0.0.1' (using password: YES)");
        ErrPacket tooBig = MysqlError.NET_PACKET_TOO_LARGE.toPacket();
        assertThat(tooBig).isEqualTo(new ErrPacket(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"));
        assertThat(MysqlError.BACKEND_LOST.toPacket("shard1").toString())
                .isEqualTo("ERROR 2013 (HY000): Lost connection to backend shard1 during query");
    }

    @Test
    void charsetIdsMapToJavaCharsets() {
        assertThat(CharsetId.javaCharset(CharsetId.UTF8MB4_GENERAL_CI)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CharsetId.javaCharset(CharsetId.UTF8MB4_0900_AI_CI)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CharsetId.javaCharset(CharsetId.BINARY)).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(CharsetId.javaCharset(CharsetId.LATIN1_SWEDISH_CI).name()).isEqualTo("windows-1252");
    }
}
