package io.shardgate.proxy.protocol;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A logical packet (all fragments joined) would exceed the configured maximum. The server side
 * answers this with {@link MysqlError#NET_PACKET_TOO_LARGE} (1153) and closes, as MySQL does.
 */
public final class PacketTooLargeException extends TooLongFrameException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final int maxPacketSize;

    public PacketTooLargeException(long length, int maxPacketSize) {
        super("packet of at least " + length + " bytes exceeds max_allowed_packet " + maxPacketSize);
        this.length = length;
        this.maxPacketSize = maxPacketSize;
    }

    /** The size seen so far when the limit was crossed (a lower bound of the full packet). */
    public long length() {
        return length;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }
}
