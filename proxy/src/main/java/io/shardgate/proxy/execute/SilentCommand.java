package io.shardgate.proxy.execute;

import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
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
    private int warnings;
    private long duplicates;
    private boolean counted;

    public CompletableFuture<Integer> result() {
        return result;
    }

    public long affectedRows() {
        return affectedRows;
    }

    /** The warning count of the OK packets. */
    public int warnings() {
        return warnings;
    }

    /**
     * The {@code Duplicates: n} of the OK packets' info, which a multi-row INSERT reports (rows IGNORE skipped,
     * REPLACE deleted, ON DUPLICATE KEY UPDATE updated); 0 without one.
     */
    public long duplicates() {
        return duplicates;
    }

    /** An OK's info said {@code Duplicates: n} (MariaDB leaves it out for a one-row INSERT). */
    public boolean countedDuplicates() {
        return counted;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        try {
            if (kind == PacketKind.ERR && error == null) {
                error = ErrPacket.decode(packet.payload());
            } else if (kind == PacketKind.OK) {
                OkPacket ok = OkPacket.decode(packet.payload(), Capabilities.PROTOCOL_41);
                affectedRows += ok.affectedRows();
                warnings += ok.warnings();
                long d = duplicatesOf(ok.info());
                counted |= d >= 0;
                duplicates += Math.max(0, d);
            }
        } finally {
            packet.release();
        }
    }

    /**
     * The number after {@code Duplicates: } in an OK's info ({@code Records: 3  Duplicates: 1  Warnings: 0}), or
     * -1 without one.
     */
    static long duplicatesOf(String info) {
        int at = info.indexOf(DUPLICATES);
        if (at < 0) {
            return -1;
        }
        int from = at + DUPLICATES.length();
        int to = from;
        while (to < info.length() && Character.isDigit(info.charAt(to))) {
            to++;
        }
        return to == from ? -1 : Long.parseLong(info, from, to, 10);
    }

    private static final String DUPLICATES = "Duplicates: ";

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
