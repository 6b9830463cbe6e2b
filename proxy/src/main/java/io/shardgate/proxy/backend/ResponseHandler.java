package io.shardgate.proxy.backend;

import io.shardgate.proxy.protocol.MysqlPacket;

/**
 * Receives the response to one command sent through {@link BackendConnection#execute}. Called on
 * the connection's event loop, in order: {@code onPacket} for every packet, then exactly one of
 * {@code onComplete} or {@code onFailure}.
 *
 * <p>An ERR response is a complete response: {@code onPacket(err, ERR)} then {@code onComplete}.
 * {@code onFailure} means the connection broke (closed, protocol violation, write failure) and is
 * unusable. A handler that throws breaks the connection too.
 */
public interface ResponseHandler {

    /**
     * One response packet. Ownership passes to the handler: release it, or hand it on (for example
     * {@code ctx.write(new MysqlPacket(clientSeq, packet.payload()))} transfers the payload).
     */
    void onPacket(MysqlPacket packet, PacketKind kind);

    /**
     * The response is complete. {@code serverStatus} comes from the last OK/EOF/terminator; after
     * an ERR it is the status known before, which may be stale (a deadlock rolls back).
     * The connection is idle again: the next command may be sent from here.
     */
    void onComplete(int serverStatus);

    /** The connection failed before the response completed. */
    void onFailure(Throwable cause);
}
