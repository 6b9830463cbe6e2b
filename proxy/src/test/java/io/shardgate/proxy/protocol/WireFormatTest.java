package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireFormatTest {

    private final ByteBuf buf = Unpooled.buffer();

    @AfterEach
    void release() {
        buf.release();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 00",
        "250, fa",
        "251, fcfb00",
        "65535, fcffff",
        "65536, fd000001",
        "16777215, fdffffff",
        "16777216, fe0000000100000000",
        "9223372036854775807, feffffffffffffff7f",
        "-1, feffffffffffffffff",
    })
    void lengthEncodedIntUsesTheShortestPrefix(long value, String hex) {
        WireFormat.writeLengthEncodedInt(buf, value);
        assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(hex);
        assertThat(WireFormat.lengthEncodedIntSize(value)).isEqualTo(hex.length() / 2);
        assertThat(WireFormat.readLengthEncodedInt(buf)).isEqualTo(value);
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void nullMarkerReadsAsNullLength() {
        buf.writeByte(0xFB);
        assertThat(WireFormat.readLengthEncodedInt(buf)).isEqualTo(WireFormat.NULL_LENGTH);
    }

    @Test
    void ffIsNotALengthEncodedInt() {
        buf.writeByte(0xFF);
        assertThatThrownBy(() -> WireFormat.readLengthEncodedInt(buf))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("0xFF");
    }

    @ParameterizedTest
    @CsvSource({"fc01", "fd0102", "fe01020304050607", "''"})
    void truncatedLengthEncodedIntIsMalformed(String hex) {
        buf.writeBytes(ByteBufUtil.decodeHexDump(hex));
        assertThatThrownBy(() -> WireFormat.readLengthEncodedInt(buf))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("int<");
    }

    @Test
    void lengthEncodedStringsRoundTripIncludingNull() {
        WireFormat.writeLengthEncodedString(buf, "héllo", StandardCharsets.UTF_8);
        WireFormat.writeLengthEncodedBytes(buf, null);
        WireFormat.writeLengthEncodedBytes(buf, new byte[0]);
        WireFormat.writeLengthEncodedBytes(buf, new byte[300]);
        assertThat(WireFormat.readLengthEncodedString(buf, StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(WireFormat.readLengthEncodedString(buf, StandardCharsets.UTF_8)).isNull();
        assertThat(WireFormat.readLengthEncodedBytes(buf)).isEmpty();
        assertThat(buf.getUnsignedByte(buf.readerIndex())).isEqualTo((short) 0xFC);
        assertThat(WireFormat.readLengthEncodedBytes(buf)).hasSize(300);
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void skipLengthEncodedSkipsValuesAndNull() {
        WireFormat.writeLengthEncodedString(buf, "abc", StandardCharsets.UTF_8);
        WireFormat.writeNull(buf);
        buf.writeByte(7);
        WireFormat.skipLengthEncoded(buf);
        WireFormat.skipLengthEncoded(buf);
        assertThat(buf.readByte()).isEqualTo((byte) 7);
    }

    @Test
    void lengthEncodedStringLongerThanPayloadIsMalformed() {
        buf.writeByte(5).writeBytes(new byte[] {1, 2});
        assertThatThrownBy(() -> WireFormat.readLengthEncodedBytes(buf))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("length 5 exceeds the remaining 2");
    }

    @Test
    void nulTerminatedStrings() {
        WireFormat.writeNulTerminatedString(buf, "root", StandardCharsets.UTF_8);
        buf.writeCharSequence("tail", StandardCharsets.UTF_8);
        assertThat(WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8)).isEqualTo("root");
        assertThatThrownBy(() -> WireFormat.readNulTerminatedString(buf.duplicate(), StandardCharsets.UTF_8))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("no terminating NUL");
        assertThat(WireFormat.readNulTerminatedOrRest(buf, StandardCharsets.UTF_8)).isEqualTo("tail");
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void fixedIntsAreLittleEndian() {
        WireFormat.writeFixedInt(buf, 3, 0x123456);
        WireFormat.writeFixedInt(buf, 6, 0x0102_0304_0506L);
        WireFormat.writeFixedInt(buf, 8, -2);
        assertThat(ByteBufUtil.hexDump(buf)).isEqualTo("563412" + "060504030201" + "feffffffffffffff");
        assertThat(WireFormat.readFixedInt(buf, 3)).isEqualTo(0x123456);
        assertThat(WireFormat.readFixedInt(buf, 6)).isEqualTo(0x0102_0304_0506L);
        assertThat(WireFormat.readFixedInt(buf, 8)).isEqualTo(-2);
        assertThatThrownBy(() -> WireFormat.readFixedInt(buf, 1)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void fixedAndRestOfPacketStrings() {
        buf.writeCharSequence("#42000syntax", StandardCharsets.UTF_8);
        buf.skipBytes(1);
        assertThat(WireFormat.readFixedString(buf, 5, StandardCharsets.US_ASCII)).isEqualTo("42000");
        assertThat(WireFormat.readRestOfPacketString(buf, StandardCharsets.UTF_8)).isEqualTo("syntax");
        assertThatThrownBy(() -> WireFormat.readFixedString(buf, 1, StandardCharsets.US_ASCII))
                .isInstanceOf(MalformedPacketException.class);
    }
}
