package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.router.plan.Route;
import java.util.function.UnaryOperator;

/**
 * Metadata statements whose (small) answer the proxy rewrites before the client sees it: SHOW TABLES with the
 * physical tables folded into logical ones ({@code TableListing}), and results naming a physical table
 * ({@code RenameTable}). The answer is buffered whole, rewritten, written.
 */
final class RewrittenResults {

    private final ExecutionContext context;

    RewrittenResults(ExecutionContext context) {
        this.context = context;
    }

    void run(Route route, StatementOutput output, UnaryOperator<BufferedResult.Outcome> rewrite) {
        context.session().counts().counted(-1);
        context.onLoop(context.acquire(route.node(), route.primaryRequired())
                .thenCompose(c -> {
                    BufferedResult buffer = new BufferedResult(c.capabilities());
                    c.execute(CommandPacket.query(route.sql(), context.session().charset()), buffer);
                    return buffer.result();
                }))
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        output.error(ErrorSink.toErr(failure));
                    } else if (outcome.error() != null) {
                        output.error(outcome.error());
                    } else if (outcome.columns() == null) {
                        output.ok(outcome.ok());
                    } else {
                        BufferedResult.Outcome r = rewrite.apply(outcome);
                        output.result(new LocalResult(r.columns(), r.rows()));
                    }
                });
    }
}
