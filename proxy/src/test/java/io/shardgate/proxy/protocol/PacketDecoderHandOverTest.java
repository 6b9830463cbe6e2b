package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A handler may remove the decoder after a packet and take the bytes behind it raw, as the login does when a
 * client sends its TLS ClientHello right behind the SSLRequest, in the same read.
 */
class PacketDecoderHandOverTest {

    @Test
    void bytesBehindAPacketReachTheNextHandlerWhenTheDecoderIsRemovedAfterIt() {
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(16 * 1024), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
                if (msg instanceof MysqlPacket) {
                    ctx.pipeline().remove(PacketDecoder.class);
                }
            }
        });
        // a 4-byte packet, then what a TLS record header looks like as a MySQL header: 0x030316 = 197398 bytes
        ByteBuf read = Unpooled.buffer().writeBytes(new byte[] {4, 0, 0, 1, 'S', 'S', 'L', '!'})
                .writeBytes(new byte[] {0x16, 0x03, 0x03, 0x00, 0x20, 0x01});
        channel.writeInbound(read);

        assertThat(channel.isOpen()).isTrue();
        assertThat(seen).hasSize(2);
        MysqlPacket packet = (MysqlPacket) seen.get(0);
        assertThat(packet.payload().readableBytes()).isEqualTo(4);
        packet.release();
        ByteBuf raw = (ByteBuf) seen.get(1);
        assertThat(raw.readableBytes()).isEqualTo(6);
        assertThat(raw.getByte(raw.readerIndex())).isEqualTo((byte) 0x16);
        raw.release();
        assertThat(channel.finish()).isFalse();
    }
}
