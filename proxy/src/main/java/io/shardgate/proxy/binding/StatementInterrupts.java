package io.shardgate.proxy.binding;

import io.netty.channel.EventLoop;
import io.shardgate.proxy.backend.BackendConnection;
import io.shardgate.proxy.execute.StatementBound;
import io.shardgate.proxy.execute.StatementDeadline;
import io.shardgate.proxy.pool.BackendSource;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.MysqlError;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Hung backends, for one session: a statement's {@link StatementBound} is armed here, and when the time is up
 * every connection the statement waits on (the session's own, and those lent to it) is
 * {@link BackendConnection#interrupt interrupted}: KILL QUERY, and after {@link #GRACE} a connection still busy
 * is abandoned, its response failing with the client's answer.
 */
final class StatementInterrupts {

    /**
     * How long a connection may keep a statement running after KILL QUERY before it is abandoned. A server that
     * is up stops a statement and answers the KILL within milliseconds; one that does not within a second is
     * taken to be hung, and the client is not kept waiting for it.
     */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final BackendSource source;
    private final EventLoop loop;
    private final Supplier<Collection<BoundConnection>> own;
    private final TransactionCoordinator transactions;
    private final ConnectionLoans loans;

    StatementInterrupts(BackendSource source, EventLoop loop, Supplier<Collection<BoundConnection>> own,
                        TransactionCoordinator transactions, ConnectionLoans loans) {
        this.source = source;
        this.loop = loop;
        this.own = own;
        this.transactions = transactions;
        this.loans = loans;
    }

    StatementDeadline arm(StatementBound statement) {
        if (statement.isNone()) {
            return StatementDeadline.none();
        }
        StatementDeadline deadline = StatementDeadline.after(statement.limit(), loop);
        deadline.onExpiry(() -> {
            if (loop.inEventLoop()) {
                interruptAll(statement);
            } else {
                loop.execute(() -> interruptAll(statement));
            }
        });
        return deadline;
    }

    /** The statement ran out of time: interrupt every connection still busy with it. */
    private void interruptAll(StatementBound statement) {
        for (BoundConnection b : List.copyOf(own.get())) {
            boolean inTransaction = transactions.holdsTransaction(b);
            b.connection.interrupt(source::cancelQuery, GRACE, new ErrorResponse(
                    statement.abandoned(b.connection.backend(), inTransaction)));
        }
        for (BackendConnection c : loans.inPlay()) { // never inside a transaction: see SessionBackends.mayBorrow
            c.interrupt(source::cancelQuery, GRACE, new ErrorResponse(statement.abandoned(c.backend(), false)));
        }
    }

    /** Stops what {@code connection} is running, however its server behaves: the backend is lost to the session. */
    CompletableFuture<Void> interrupt(BackendConnection connection) {
        return connection.interrupt(source::cancelQuery, GRACE, new ErrorResponse(
                MysqlError.BACKEND_LOST.toPacket(connection.backend())));
    }
}
