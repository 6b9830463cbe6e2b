package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.CommandPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowList;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.plan.InlineSubqueries;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.ReadContext;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.ReadTree;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.ShardInputs;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an {@link InlineSubqueries} plan: each subquery's shard reads one after another on the session's
 * connections (each answer read whole, at most {@code proxy.max-sort-rows} rows per subquery), the subquery's
 * read tree over those rows, then the statement with the rows written in, planned and run as any statement.
 * Subqueries are small by design (at most {@code proxy.subquery-inline-limit} rows each are written in): their
 * reads do not stream.
 */
final class SubqueryReads {

    /** Writes the statement and runs it: the plan runner. */
    interface Continuation {
        void run(String sql, StatementOutput output);
    }

    private final ExecutionContext context;

    SubqueryReads(ExecutionContext context) {
        this.context = context;
    }

    void run(InlineSubqueries plan, long maxRows, int inlineLimit, StatementOutput output, Continuation then) {
        CompletableFuture<List<List<Row>>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (InlineSubqueries.Subquery s : plan.subqueries()) {
            all = all.thenCompose(done -> context.onLoop(rows(s.plan(), maxRows, inlineLimit)).thenApply(r -> {
                done.add(r);
                return done;
            }));
        }
        context.onLoop(all).whenComplete((rows, failure) -> {
            if (failure != null) {
                output.error(ErrorSink.toErr(failure instanceof java.util.concurrent.CompletionException c
                        && c.getCause() != null ? c.getCause() : failure));
                return;
            }
            InlineSubqueries.Written written = plan.write(rows, context.session().sqlMode(), inlineLimit);
            if (written.refusal() != null) {
                output.error(new ErrPacket(written.refusal().code(), written.refusal().sqlState(),
                        written.refusal().message()));
                return;
            }
            then.run(written.sql(), output);
        });
    }

    /**
     * One read's rows: its routes read whole, one after another, then its read tree over them; at most
     * {@code inlineLimit} + 1 rows are kept (one more tells the caller there are too many).
     */
    CompletableFuture<List<Row>> rows(ReadPlan tree, long maxRows, int inlineLimit) {
        List<Route> routes = tree.routes();
        CompletableFuture<List<CollectedRows.Outcome>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (Route r : routes) {
            chain = chain.thenCompose(done -> context.onLoop(read(r, maxRows)).thenApply(o -> {
                done.add(o);
                return done;
            }));
        }
        return chain.thenApply(outcomes -> {
            long total = 0;
            for (CollectedRows.Outcome o : outcomes) {
                if (o.error() != null) {
                    throw new RowStreamException(o.error().errorCode(), o.error().sqlState(), o.error().message());
                }
                total += o.rows().size();
                if (o.overflow() || total > maxRows) {
                    throw new RowStreamException(1038, "HY001", "Out of sort memory: a subquery across shards read "
                            + "more than " + maxRows + " rows (proxy.max-sort-rows)");
                }
            }
            return merge(tree, outcomes, inlineLimit);
        });
    }

    private static List<Row> merge(ReadPlan tree, List<CollectedRows.Outcome> outcomes, int inlineLimit) {
        Map<MergeShards, List<RowStream>> byLeaf = new IdentityHashMap<>();
        int next = 0;
        for (MergeShards leaf : tree.leaves()) {
            List<RowStream> streams = new ArrayList<>();
            for (int i = 0; i < leaf.routes().size(); i++) {
                CollectedRows.Outcome o = outcomes.get(next++);
                streams.add(new RowList(o.columns(), o.rows()));
            }
            byLeaf.put(leaf, streams);
        }
        List<Row> rows = new ArrayList<>();
        try (MergedStream merged = ReadTree.open(tree, new ReadContext() {
            @Override
            public ShardInputs open(MergeShards leaf) {
                return new ShardInputs(byLeaf.get(leaf), true);
            }
        })) {
            // one more than may be written in tells the statement it has too many
            for (Row r = merged.next(); r != null && rows.size() <= inlineLimit; r = merged.next()) {
                rows.add(r.firstColumns(merged.columns().size()));
            }
        }
        return rows;
    }

    private CompletableFuture<CollectedRows.Outcome> read(Route route, long maxRows) {
        return context.acquire(route.node(), route.primaryRequired()).thenCompose(c -> {
            CollectedRows collector = new CollectedRows(maxRows);
            c.execute(CommandPacket.query(route.sql(), context.session().charset()), collector);
            return collector.result();
        });
    }
}
