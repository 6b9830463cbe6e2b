package io.shardgate.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.PacketOutOfOrderException;
import io.shardgate.proxy.protocol.PacketTooLargeException;

/**
 * Builds the packets the proxy itself writes to clients, each under the sequence id the exchange is at.
 * The encoding depends on the client's negotiated capabilities (DEPRECATE_EOF decides EOF vs OK terminators).
 */
final class ClientPackets {

    private ClientPackets() {
    }

    static MysqlPacket ok(ByteBufAllocator alloc, int sequenceId, OkPacket ok, int capabilities) {
        ByteBuf buf = alloc.buffer(16);
        ok.encode(buf, capabilities);
        return new MysqlPacket(sequenceId, buf);
    }

    static MysqlPacket err(ByteBufAllocator alloc, int sequenceId, ErrPacket err) {
        ByteBuf buf = alloc.buffer(16 + err.message().length() * 3);
        err.encode(buf);
        return new MysqlPacket(sequenceId, buf);
    }

    /**
     * The ERR for a framing failure, after which the connection closes, as MySQL's: 1153 for a packet over
     * max_allowed_packet, 1156 for fragments out of order, 1159 for a stall mid-packet, else 1158 (error reading
     * communication packets).
     */
    static ErrPacket framingError(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PacketTooLargeException) {
                return MysqlError.NET_PACKET_TOO_LARGE.toPacket();
            }
            if (t instanceof PacketOutOfOrderException) {
                return MysqlError.NET_PACKETS_OUT_OF_ORDER.toPacket();
            }
            if (t instanceof NetReadTimeoutException) {
                return MysqlError.NET_READ_INTERRUPTED.toPacket();
            }
        }
        return MysqlError.NET_READ_ERROR.toPacket();
    }
}
