package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A single-backend SELECT under a max execution time. When the {@link StatementDeadline} expires first,
 * KILL QUERY stops the statement on the backend, and the ERR the backend then answers (1317 on MariaDB and
 * MySQL) reaches the client as 3024, the error MySQL's own {@code max_execution_time} gives, so clients see
 * one error whether their SELECT hit one shard or several.
 *
 * <p>Why a proxy-side timer and not the backend's own limit ({@code SET STATEMENT max_statement_time=..
 * FOR} on MariaDB, the hint on MySQL): one mechanism for both server kinds and for scatters, no rewrite of
 * the client's packet (which is forwarded as it is), and the clock includes the wait for a connection.
 *
 * <p>The response completes for the client only after the KILL was answered, so a late KILL cannot stop the
 * session's next statement on the same connection. Callbacks run on the backend connection's loop.
 */
final class TimedResponse implements ResponseHandler {

    private final ResponseHandler target;
    private final StatementDeadline deadline;
    private volatile CompletableFuture<Void> kill;

    private TimedResponse(ResponseHandler target, StatementDeadline deadline) {
        this.target = target;
        this.deadline = deadline;
    }

    /**
     * Wraps {@code target} and arms {@code deadline} to KILL the statement on {@code connection}.
     *
     * @param canceller KILL QUERY for a connection ({@code BackendSource::cancelQuery})
     */
    static ResponseHandler around(ResponseHandler target, StatementDeadline deadline, BackendConnection connection,
                                  Function<BackendConnection, CompletableFuture<Void>> canceller) {
        TimedResponse timed = new TimedResponse(target, deadline);
        deadline.onExpiry(() -> timed.kill = canceller.apply(connection));
        return timed;
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        if (kind == PacketKind.ERR && deadline.expired()) {
            ByteBuf err = packet.payload().alloc().buffer(96);
            MysqlError.QUERY_TIMEOUT.toPacket().encode(err);
            int sequenceId = packet.firstSequenceId();
            packet.release();
            target.onPacket(new MysqlPacket(sequenceId, err), kind);
            return;
        }
        target.onPacket(packet, kind);
    }

    @Override
    public void onComplete(int serverStatus) {
        deadline.end();
        CompletableFuture<Void> pending = kill;
        if (pending == null || pending.isDone()) {
            target.onComplete(serverStatus);
        } else {
            pending.whenComplete((x, f) -> target.onComplete(serverStatus));
        }
    }

    @Override
    public void onFailure(Throwable cause) {
        deadline.end();
        target.onFailure(cause);
    }
}
