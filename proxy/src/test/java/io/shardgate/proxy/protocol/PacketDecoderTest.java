package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {

    /** COM_QUERY "SELECT 1" with sequence id 0. */
    private static final String SELECT_1 = "0900000003" + "53454c4543542031";

    @Test
    void decodesAWholePacketAsARetainedSlice() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(SELECT_1)))).isTrue();
        MysqlPacket packet = channel.readInbound();
        try {
            assertThat(packet.sequenceId()).isZero();
            assertThat(packet.firstSequenceId()).isZero();
            assertThat(packet.header()).isEqualTo(Command.QUERY.code());
            assertThat(ByteBufUtil.hexDump(packet.payload())).isEqualTo("0353454c4543542031");
        } finally {
            packet.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void byteByByteEmitsNothingUntilThePacketIsComplete() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        byte[] bytes = ByteBufUtil.decodeHexDump(SELECT_1 + "0100000101");
        for (int i = 0; i < bytes.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, 1));
            if (i == 12) {
                MysqlPacket first = channel.readInbound();
                assertThat(first.payload().readableBytes()).isEqualTo(9);
                first.release();
            } else if (i < bytes.length - 1) {
                assertThat(channel.<Object>readInbound()).as("output after byte %d", i).isNull();
            }
        }
        MysqlPacket ping = channel.readInbound();
        assertThat(ping.sequenceId()).isEqualTo(1);
        assertThat(ping.header()).isEqualTo(1);
        ping.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void decodesSeveralPacketsFromOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0000000a" + "01000005fe" + "0200000700ff")));
        MysqlPacket empty = channel.readInbound();
        MysqlPacket eof = channel.readInbound();
        MysqlPacket two = channel.readInbound();
        assertThat(empty.payload().readableBytes()).isZero();
        assertThat(empty.sequenceId()).isEqualTo(10);
        assertThat(eof.header()).isEqualTo(0xFE);
        assertThat(two.sequenceId()).isEqualTo(7);
        empty.release();
        eof.release();
        two.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void joinsASplitPacketAndReportsBothSequenceIds() {
        int length = MysqlPacket.MAX_FRAGMENT + 1000;
        ByteBuf wire = splitWire(length, 254);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        // Deliver in 64 KiB chunks so the joiner sees partial fragments.
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(65536, wire.readableBytes())));
        }
        wire.release();
        MysqlPacket packet = channel.readInbound();
        try {
            assertThat(packet.firstSequenceId()).isEqualTo(254);
            assertThat(packet.sequenceId()).isEqualTo(255);
            assertThat(packet.nextSequenceId()).isZero();
            assertThat(packet.payload().readableBytes()).isEqualTo(length);
            assertPattern(packet.payload(), length);
        } finally {
            packet.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void exactMultipleOfTheFragmentSizeEndsWithAnEmptyFragment() {
        int length = MysqlPacket.MAX_FRAGMENT;
        ByteBuf wire = splitWire(length, 3);
        assertThat(wire.readableBytes()).isEqualTo(length + 8);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        channel.writeInbound(wire.readRetainedSlice(wire.readableBytes() - 4));
        assertThat(channel.<Object>readInbound()).as("nothing before the empty trailing fragment").isNull();
        channel.writeInbound(wire);
        MysqlPacket packet = channel.readInbound();
        assertThat(packet.firstSequenceId()).isEqualTo(3);
        assertThat(packet.sequenceId()).isEqualTo(4);
        assertThat(packet.payload().readableBytes()).isEqualTo(length);
        packet.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void rejectsAPacketAboveTheLimitBeforeBufferingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(1024));
        ByteBuf header = Unpooled.buffer().writeMediumLE(1025).writeByte(0);
        assertThatThrownBy(() -> channel.writeInbound(header))
                .isInstanceOf(PacketTooLargeException.class)
                .hasMessageContaining("1025").hasMessageContaining("1024");
        // Everything after the failure is dropped, nothing is emitted.
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(SELECT_1)));
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void rejectsASplitPacketWhoseJoinedSizeExceedsTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(MysqlPacket.MAX_FRAGMENT + 10));
        ByteBuf wire = splitWire(MysqlPacket.MAX_FRAGMENT + 11, 0);
        assertThatThrownBy(() -> channel.writeInbound(wire)).isInstanceOf(PacketTooLargeException.class);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void rejectsFragmentsWithNonConsecutiveSequenceIds() {
        ByteBuf wire = splitWire(MysqlPacket.MAX_FRAGMENT + 5, 0);
        wire.setByte(MysqlPacket.MAX_FRAGMENT + 4 + 3, 2); // second fragment claims id 2 instead of 1
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        assertThatThrownBy(() -> channel.writeInbound(wire))
                .isInstanceOf(PacketOutOfOrderException.class).hasMessageContaining("expected sequence id 1, found 2");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aConnectionClosedMidSplitPacketReleasesTheFragments() {
        ByteBuf wire = splitWire(MysqlPacket.MAX_FRAGMENT + 5, 0);
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder());
        channel.writeInbound(wire.readRetainedSlice(MysqlPacket.MAX_FRAGMENT + 4 + 2));
        wire.release();
        assertThat(channel.finish()).isFalse();
        // paranoid leak detection reports the composite if it was not released
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> new PacketDecoder(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Wire bytes of one logical packet of {@code length} pattern bytes split as the protocol requires. */
    static ByteBuf splitWire(int length, int firstSequenceId) {
        ByteBuf wire = Unpooled.buffer(length + 16);
        int written = 0;
        int seq = firstSequenceId;
        while (true) {
            int chunk = Math.min(length - written, MysqlPacket.MAX_FRAGMENT);
            wire.writeMediumLE(chunk).writeByte(seq & 0xFF);
            for (int i = 0; i < chunk; i++) {
                wire.writeByte(pattern(written + i));
            }
            written += chunk;
            seq++;
            if (chunk < MysqlPacket.MAX_FRAGMENT) {
                return wire;
            }
        }
    }

    static int pattern(int index) {
        return (index * 31 + (index >>> 16)) & 0xFF;
    }

    static void assertPattern(ByteBuf payload, int length) {
        int base = payload.readerIndex();
        for (int i = 0; i < length; i += 4099) {
            assertThat(payload.getUnsignedByte(base + i)).as("byte %d", i).isEqualTo((short) pattern(i));
        }
        assertThat(payload.getUnsignedByte(base + length - 1)).isEqualTo((short) pattern(length - 1));
    }
}
