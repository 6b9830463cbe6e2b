package io.shardgate.proxy.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * The fragments of one split packet did not carry consecutive sequence ids. MySQL reports this as
 * {@link MysqlError#NET_PACKETS_OUT_OF_ORDER} (1156) and closes.
 */
public final class PacketOutOfOrderException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    public PacketOutOfOrderException(int expected, int found) {
        super("packet fragment out of order: expected sequence id " + expected + ", found " + found);
    }
}
