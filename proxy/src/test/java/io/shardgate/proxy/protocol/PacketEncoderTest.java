package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketEncoderTest {

    @Test
    void aSmallPayloadIsCopiedBehindItsHeaderIntoOneFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketEncoder());
        ByteBuf payload = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0e"));
        channel.writeOutbound(new MysqlPacket(0, payload));
        ByteBuf frame = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("010000000e");
        frame.release();
        assertThat(payload.refCnt()).as("the payload is released once copied").isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aLargerPayloadFollowsItsHeaderAsASliceWithoutCopying() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketEncoder());
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[PacketEncoder.COPY_BELOW]);
        channel.writeOutbound(new MysqlPacket(3, payload));
        ByteBuf header = channel.readOutbound();
        ByteBuf body = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("00040003");
        assertThat(body.unwrap()).as("payload is sliced, not copied").isSameAs(payload);
        header.release();
        body.release();
        assertThat(payload.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anEmptyPayloadIsAHeaderOnly() {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketEncoder());
        channel.writeOutbound(new MysqlPacket(9, Unpooled.buffer(0)));
        ByteBuf header = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("00000009");
        header.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void splitsLargePayloadsWithConsecutiveSequenceIds() {
        int length = 2 * MysqlPacket.MAX_FRAGMENT + 10;
        List<ByteBuf> wire = encode(length, 255);
        assertThat(wire).hasSize(6);
        assertThat(ByteBufUtil.hexDump(wire.get(0))).isEqualTo("ffffffff");
        assertThat(ByteBufUtil.hexDump(wire.get(2))).isEqualTo("ffffff00");
        assertThat(ByteBufUtil.hexDump(wire.get(4))).isEqualTo("0a000001");
        assertThat(wire.get(5).readableBytes()).isEqualTo(10);
        wire.forEach(ByteBuf::release);
    }

    @Test
    void anExactMultipleGetsAnEmptyTrailingFragment() {
        List<ByteBuf> wire = encode(MysqlPacket.MAX_FRAGMENT, 1);
        assertThat(wire).hasSize(3);
        assertThat(ByteBufUtil.hexDump(wire.get(2))).isEqualTo("00000002");
        assertThat(MysqlPacket.fragmentCount(MysqlPacket.MAX_FRAGMENT)).isEqualTo(2);
        wire.forEach(ByteBuf::release);
    }

    @Test
    void encoderOutputDecodesToTheSamePacket() {
        for (int length : new int[] {0, 1, 250, MysqlPacket.MAX_FRAGMENT - 1, MysqlPacket.MAX_FRAGMENT,
                MysqlPacket.MAX_FRAGMENT + 1, 2 * MysqlPacket.MAX_FRAGMENT}) {
            List<ByteBuf> wire = encode(length, 7);
            EmbeddedChannel decoder = new EmbeddedChannel(new PacketDecoder());
            wire.forEach(decoder::writeInbound);
            MysqlPacket packet = decoder.readInbound();
            assertThat(packet.firstSequenceId()).as("length %d", length).isEqualTo(7);
            assertThat(packet.sequenceId()).isEqualTo(7 + MysqlPacket.fragmentCount(length) - 1);
            assertThat(packet.payload().readableBytes()).isEqualTo(length);
            if (length > 0) {
                PacketDecoderTest.assertPattern(packet.payload(), length);
            }
            packet.release();
            assertThat(decoder.finish()).isFalse();
        }
    }

    @Test
    void theTwoArgumentConstructorDerivesTheLastSequenceId() {
        ByteBuf payload = Unpooled.buffer(0).writerIndex(0);
        MysqlPacket small = new MysqlPacket(255, payload);
        assertThat(small.sequenceId()).isEqualTo(255);
        assertThat(small.nextSequenceId()).isZero();
        MysqlPacket moved = small.withSequenceId(3);
        assertThat(moved.firstSequenceId()).isEqualTo(3);
        assertThat(payload.refCnt()).isEqualTo(2);
        moved.release();
        small.release();
    }

    private static List<ByteBuf> encode(int length, int firstSequenceId) {
        ByteBuf payload = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            payload.writeByte(PacketDecoderTest.pattern(i));
        }
        EmbeddedChannel channel = new EmbeddedChannel(new PacketEncoder());
        channel.writeOutbound(new MysqlPacket(firstSequenceId, payload));
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.add(b);
        }
        assertThat(channel.finish()).isFalse();
        return out;
    }
}
