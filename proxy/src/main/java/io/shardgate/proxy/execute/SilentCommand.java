package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlPacket;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a statement whose response the client never sees (session sync: SET, USE; transaction control on
 * extra shards), keeping only its outcome: the final status, or the backend's ERR as {@link ErrorResponse}.
 */
public final class SilentCommand implements ResponseHandler {

    /** Runs {@code command} on {@code connection}; completes with the final status flags or the ERR. */
    public static CompletableFuture<Integer> run(BackendConnection connection, MysqlPacket command) {
        SilentCommand silent = new SilentCommand();
        connection.execute(command, silent);
        return silent.result();
    }

    /** COM_STMT_CLOSE / COM_STMT_SEND_LONG_DATA: the server sends nothing back. */
    public static void runWithoutResponse(BackendConnection connection, MysqlPacket command) {
        connection.execute(command, new SilentCommand());
    }

    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private ErrPacket error;
    private long affectedRows;

    public CompletableFuture<Integer> result() {
        return result;
    }

    public long affectedRows() {
        return affectedRows;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        try {
            if (kind == PacketKind.ERR && error == null) {
                error = ErrPacket.decode(packet.payload());
            } else if (kind == PacketKind.OK) {
                var view = packet.payload().duplicate().skipBytes(1);
                affectedRows += io.shardgate.proxy.protocol.WireFormat.readLengthEncodedInt(view);
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void onComplete(int serverStatus) {
        if (error != null) {
            result.completeExceptionally(new ErrorResponse(error));
        } else {
            result.complete(serverStatus);
        }
    }

    @Override
    public void onFailure(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
