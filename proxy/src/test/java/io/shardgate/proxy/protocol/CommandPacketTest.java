package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandPacketTest {

    @ParameterizedTest
    @ValueSource(strings = {"SELECT c FROM sbtest1_0001 WHERE id=42", "", "SELECT 'é', '中文', '😀'",
            "SELECT '\uD800 lone surrogate'"})
    void utf8TextIsTheCommandByteAndTheStringsOwnBytesInAnExactlySizedBuffer(String sql) {
        assertEncoded(sql, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISO-8859-1", "GBK", "UTF-16BE"})
    void otherCharsetsEncodeAsJavaDoes(String charset) {
        assertEncoded("SELECT 'é' FROM t", Charset.forName(charset));
    }

    private static void assertEncoded(String sql, Charset charset) {
        MysqlPacket packet = CommandPacket.query(sql, charset);
        try {
            ByteBuf payload = packet.payload();
            assertThat(packet.firstSequenceId()).isZero();
            assertThat(payload.getByte(payload.readerIndex())).isEqualTo((byte) Command.QUERY.code());
            assertThat(ByteBufUtil.getBytes(payload, payload.readerIndex() + 1, payload.readableBytes() - 1))
                    .isEqualTo(sql.getBytes(charset));
            assertThat(payload.capacity()).as("sized once, never grown").isEqualTo(payload.readableBytes());
        } finally {
            packet.release();
        }
    }
}
