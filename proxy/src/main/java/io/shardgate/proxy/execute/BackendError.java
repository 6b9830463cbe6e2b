package io.shardgate.proxy.execute;

import io.shardgate.proxy.protocol.ErrPacket;

/** A backend answered ERR: the client gets the same code, SQLSTATE and message. */
public final class BackendError extends RuntimeException {

    private final ErrPacket packet;

    public BackendError(ErrPacket packet) {
        super(packet.toString(), null, false, false);
        this.packet = packet;
    }

    public ErrPacket packet() {
        return packet;
    }
}
