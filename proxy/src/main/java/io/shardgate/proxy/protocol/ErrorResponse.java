package io.shardgate.proxy.protocol;

/**
 * A failure that already is the client's answer: the ERR packet to send, with the code, SQLSTATE and message
 * as they should reach the client (a backend's own error keeps the backend's). The one exception type for
 * "answer with this ERR", thrown or completed exceptionally anywhere below the command handlers and turned
 * into the packet by {@code ErrorSink}. No stack trace: it is an answer, not a bug.
 */
public final class ErrorResponse extends RuntimeException {

    private final ErrPacket packet;

    public ErrorResponse(ErrPacket packet) {
        super(packet.toString(), null, false, false);
        this.packet = packet;
    }

    public ErrPacket packet() {
        return packet;
    }
}
