package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.SilentCommand;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.ErrorResponse;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.router.plan.KeyCheckedWrite;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link KeyCheckedWrite}: inside the session's transaction (a transaction of its own, committed or rolled
 * back before the answer, when the session has none), each check's locking read must find no row; then the
 * write runs on the shard the new key names. The checks' locks hold until the transaction ends, so no row the
 * WHERE clause matches can appear on another shard between the checks and the write. A row found refuses the
 * statement before anything is written.
 */
final class KeyCheckedWrites {

    private final ExecutionContext context;

    KeyCheckedWrites(ExecutionContext context) {
        this.context = context;
    }

    void run(KeyCheckedWrite plan, StatementOutput output) {
        var session = context.session();
        Transactions transactions = context.transactions();
        boolean own = !transactions.inTransaction();
        CompletableFuture<Void> begun = own ? transactions.begin() : CompletableFuture.completedFuture(null);
        CompletableFuture<Long> written = context.onLoop(begun.thenCompose(x -> check(plan, plan.checks(), 0))
                .thenCompose(x -> write(plan.write())));
        written.whenComplete((affected, failure) -> {
            CompletableFuture<Void> ended = own ? context.onLoop(transactions.end(failure == null))
                    : CompletableFuture.completedFuture(null);
            ended.whenComplete((y, endFailure) -> {
                Throwable problem = failure != null ? failure : endFailure;
                if (problem != null) {
                    session.counts().counted(-1);
                    output.error(ErrorSink.toErr(problem));
                } else {
                    session.counts().counted(affected);
                    output.ok(OkPacket.of(affected, 0, session.serverStatus(), 0));
                }
            });
        });
    }

    /** Completes when checks {@code i..} found no row; fails with the refusal for the first shard that has one. */
    private CompletableFuture<Void> check(KeyCheckedWrite plan, List<KeyCheckedWrite.Check> checks, int i) {
        if (i == checks.size()) {
            return CompletableFuture.completedFuture(null);
        }
        KeyCheckedWrite.Check c = checks.get(i);
        return context.onLoop(query(c.route())).thenCompose(outcome -> {
            if (outcome.error() != null) {
                return CompletableFuture.failedFuture(new ErrorResponse(outcome.error()));
            }
            if (!outcome.rows().isEmpty()) {
                Reject r = plan.refusal(c.shard());
                return CompletableFuture.failedFuture(new ErrorResponse(new ErrPacket(r.code(), r.sqlState(), r.message())));
            }
            return check(plan, checks, i + 1);
        });
    }

    private CompletableFuture<BufferedResult.Outcome> query(Route route) {
        return context.acquire(route.node(), true).thenCompose(c -> {
            BufferedResult buffer = new BufferedResult(c.capabilities());
            c.execute(CommandPacket.query(route.sql(), context.session().charset()), buffer);
            return buffer.result();
        });
    }

    private CompletableFuture<Long> write(Route write) {
        if (write == null) {
            return CompletableFuture.completedFuture(0L);
        }
        return context.onLoop(context.acquire(write.node(), true).thenCompose(c -> {
            SilentCommand silent = new SilentCommand();
            c.execute(CommandPacket.query(write.sql(), context.session().charset()), silent);
            return silent.result().thenApply(status -> {
                context.transactions().observe(status);
                return silent.affectedRows();
            });
        }));
    }
}
