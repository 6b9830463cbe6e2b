package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.execute.Transactions;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.router.merge.Row;
import io.shardgate.router.plan.Broadcast;
import io.shardgate.router.plan.GeneratedKeys;
import io.shardgate.router.plan.InsertSelect;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Runs an {@link InsertSelect}: the SELECT's rows are read whole (at most {@code proxy.max-sort-rows}, as a
 * subquery's: {@link SubqueryReads}), written into INSERTs of {@value #BATCH} rows each, and every batch is
 * planned as the INSERT it is (split per shard, ids generated). All the batches' routes then run as one write
 * ({@link BroadcastWrites}): in the session's transaction, or in autocommit mode in a transaction of their own
 * over the nodes they touch, so a failure on any row undoes every row, as on one server; inside a transaction a
 * {@link StatementSavepoint} undoes the statement's rows alone. No route runs before
 * every batch is planned: a batch the planner refuses (a NULL shard key) refuses the statement with nothing
 * written.
 */
final class InsertSelects {

    /** What the OK of an INSERT ... SELECT reports besides the affected rows. */
    record Written(long records, InsertSelect.Conflict conflict) {
    }

    /** Rows per INSERT: a statement far below max_allowed_packet for rows of a few kilobytes. */
    static final int BATCH = 500;

    private final ExecutionContext context;
    private final SubqueryReads reads;
    private final BroadcastWrites writes;

    InsertSelects(ExecutionContext context, SubqueryReads reads, BroadcastWrites writes) {
        this.context = context;
        this.reads = reads;
        this.writes = writes;
    }

    /** @param planner plans one written INSERT for the session */
    void run(InsertSelect plan, long maxRows, StatementOutput output, Function<String, Plan> planner) {
        int limit = (int) Math.min(Integer.MAX_VALUE - 1, maxRows);
        context.onLoop(reads.rows(plan.source(), maxRows, limit)).whenComplete((rows, failure) -> {
            if (failure != null) {
                context.session().counts().counted(-1);
                output.error(ErrorSink.toErr(failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure));
                return;
            }
            write(plan, rows, output, planner);
        });
    }

    private void write(InsertSelect plan, List<Row> rows, StatementOutput output, Function<String, Plan> planner) {
        var session = context.session();
        if (rows.isEmpty()) {
            session.counts().counted(0);
            output.ok(new OkPacket(OkPacket.HEADER, 0, 0, session.serverStatus(), 0,
                    "Records: 0  Duplicates: 0  Warnings: 0", null));
            return;
        }
        List<Route> routes = new ArrayList<>();
        boolean copies = false;
        GeneratedKeys keys = null;
        int generated = 0;
        for (int from = 0; from < rows.size(); from += BATCH) {
            Plan batch = planner.apply(plan.write(rows.subList(from, Math.min(rows.size(), from + BATCH)),
                    session.sqlMode()));
            if (batch instanceof GeneratedKeys g) {
                keys = keys == null ? g : keys;
                generated += g.count();
                batch = g.input();
            }
            switch (batch) {
                case Route r -> routes.add(r);
                case Broadcast b -> {
                    routes.addAll(b.routes());
                    copies |= b.copies();
                }
                case Reject r -> {
                    session.counts().counted(-1);
                    output.error(new ErrPacket(r.code(), r.sqlState(), r.message()));
                    return;
                }
                default -> {
                    session.counts().counted(-1);
                    output.error(MysqlError.NOT_SUPPORTED_YET.toPacket("INSERT ... SELECT into this table "
                            + "(its INSERT is not one write per shard)"));
                    return;
                }
            }
        }
        Broadcast all = new Broadcast(routes, copies);
        Written written = new Written(rows.size(), plan.conflict());
        GeneratedKeys withKeys = keys == null ? null : new GeneratedKeys(keys.column(), keys.firstId(), generated, all);
        Transactions transactions = context.transactions();
        if (!transactions.inTransaction() || routes.size() < 2) {
            // autocommit: BroadcastWrites runs several routes as a transaction of their own; one route is atomic
            write(all, withKeys, written, output);
            return;
        }
        transactions.savepoint(Transactions.SavepointAction.SET, StatementSavepoint.NAME).whenComplete((x, failure) -> {
            if (failure != null) {
                session.counts().counted(-1);
                output.error(ErrorSink.toErr(failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure));
            } else {
                write(all, withKeys, written, new StatementSavepoint(output, transactions));
            }
        });
    }

    private void write(Broadcast all, GeneratedKeys keys, Written written, StatementOutput output) {
        if (keys != null) {
            writes.generated(keys, written, output);
        } else {
            writes.run(all, 0, written, output);
        }
    }
}
