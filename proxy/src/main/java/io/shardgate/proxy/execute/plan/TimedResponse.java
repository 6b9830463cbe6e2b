package io.shardgate.proxy.execute.plan;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.backend.PacketKind;
import io.shardgate.proxy.backend.ResponseHandler;
import io.shardgate.proxy.binding.SessionBackends;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;

/**
 * A forwarded response under a {@link StatementBound}: ends the statement's {@link StatementDeadline} when the
 * response ends, and for a SELECT turns the ERR the backend sends after the deadline (its answer to KILL QUERY,
 * 1317 on MariaDB and MySQL) into 3024, the error MySQL's own {@code max_execution_time} gives, so clients see
 * one error whether their SELECT hit one shard or several.
 *
 * <p>Stopping the backend is not done here: the deadline's action ({@link SessionBackends#arm}) interrupts every
 * connection the statement uses, and a connection that does not stop is abandoned, which fails this response
 * with the client's answer ({@link ResponseForwarder#onFailure}).
 *
 * <p>Why a proxy-side timer and not the backend's own limit ({@code SET STATEMENT max_statement_time=..
 * FOR} on MariaDB, the hint on MySQL): one mechanism for both server kinds and for scatters, no rewrite of
 * the client's packet (which is forwarded as it is), the clock includes the wait for a connection, and it
 * holds when the server is not there to enforce anything. Callbacks run on the backend connection's loop.
 */
final class TimedResponse implements ResponseHandler {

    private final ResponseHandler target;
    private final StatementDeadline deadline;
    private final boolean answersTimeout;

    private TimedResponse(ResponseHandler target, StatementDeadline deadline, boolean answersTimeout) {
        this.target = target;
        this.deadline = deadline;
        this.answersTimeout = answersTimeout;
    }

    static ResponseHandler around(ResponseHandler target, StatementDeadline deadline, StatementBound bound) {
        return new TimedResponse(target, deadline, bound.answersTimeout());
    }

    @Override
    public void onPacket(MysqlPacket packet, PacketKind kind) {
        // the terminator too: a backend may end a result normally after its KILL QUERY (an interrupted SLEEP
        // returns 1), and an ERR in place of the terminator is how a server ends an interrupted result
        // (a SELECT's own result: the proxy splits multi-statements, so no other result follows this terminator)
        if ((kind == PacketKind.ERR || kind == PacketKind.TERMINATOR) && answersTimeout && deadline.expired()) {
            ByteBuf err = packet.payload().alloc().buffer(96);
            MysqlError.QUERY_TIMEOUT.toPacket().encode(err);
            int sequenceId = packet.firstSequenceId();
            packet.release();
            target.onPacket(new MysqlPacket(sequenceId, err), PacketKind.ERR);
            return;
        }
        target.onPacket(packet, kind);
    }

    @Override
    public void onComplete(int serverStatus) {
        deadline.end();
        target.onComplete(serverStatus);
    }

    @Override
    public void onFailure(Throwable cause) {
        deadline.end();
        target.onFailure(cause);
    }
}
