package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.ErrorSink;
import io.shardgate.proxy.execute.ExecutionContext;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.plan.ApplyJoin;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.NodeReplacement;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the first phases of an {@link ApplyJoin}: the outer side's distinct join values read whole on the
 * session's connections (as a subquery's, {@link SubqueryReads}), at most {@code proxy.max-join-rows} of them;
 * then the inner side's statement written once per batch of values and routed (the router splits each IN list
 * per shard, so a shard gets only its values, and one without any gets no statement). The tree, with the apply
 * join replaced by the hash join over those routes, then runs as any read tree: the outer rows stream against
 * the inner rows held, and everything above the join is unchanged.
 *
 * <p>With more values than {@code proxy.max-join-rows}, or a batch the router plans as anything but shard reads,
 * the apply join runs as the hash join it carries (every inner shard read whole), which has its own bound.
 */
final class ApplyJoinReads {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyJoinReads.class);

    /** Runs a read tree as a statement of its own: the plan runner. */
    interface Continuation {
        void run(ReadPlan tree, StatementOutput output);
    }

    private final ExecutionContext context;
    private final SubqueryReads reads;

    ApplyJoinReads(ExecutionContext context, SubqueryReads reads) {
        this.context = context;
        this.reads = reads;
    }

    /**
     * @param tree the statement's read tree, holding {@code apply}
     * @param maxValues {@code proxy.max-join-rows}
     * @param route plans a written statement for the session
     */
    void run(ReadPlan tree, ApplyJoin apply, int maxValues, StatementOutput output, Function<String, Plan> route,
             Continuation then) {
        ReadPlan hash = NodeReplacement.replace(tree, apply, apply.join());
        context.onLoop(reads.rows(apply.outerValues(), maxValues, maxValues)).whenComplete((values, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause instanceof RowStreamException e && e.errorCode() == 1038 || values != null
                    && values.size() > maxValues) {
                LOG.debug("apply join over more than {} outer values: the hash join", maxValues);
                then.run(hash, output); // too many values to write: the hash join holds the inner side instead
                return;
            }
            if (cause != null) {
                output.error(ErrorSink.toErr(cause));
                return;
            }
            ReadPlan resolved;
            try {
                ReadPlan inner = inner(apply, values, route);
                if (inner == null) {
                    LOG.debug("apply join: an inner statement is no shard read, the hash join runs");
                }
                resolved = inner == null ? hash : NodeReplacement.replace(tree, apply, apply.withInner(inner));
            } catch (RuntimeException e) { // the client gets an answer, whatever failed writing the batches
                output.error(ErrorSink.toErr(e, "shardgate could not write the apply join's inner statements"));
                return;
            }
            then.run(resolved, output);
        });
    }

    /** The inner side's batches as one leaf; null when the router made of a batch something else than reads. */
    private ReadPlan inner(ApplyJoin apply, List<Row> values, Function<String, Plan> route) {
        List<String> batches = apply.batches(values, context.session().sqlMode());
        if (batches.isEmpty()) { // no value to look up: one shard's empty answer for the inner side's columns
            return switch (route.apply(apply.noValues())) {
                case Route r -> new MergeShards(List.of(r), List.of());
                case MergeShards m -> new MergeShards(List.of(m.routes().getFirst()), List.of());
                case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
                default -> null;
            };
        }
        List<Route> routes = new ArrayList<>();
        Route metadata = null;
        for (String sql : batches) {
            switch (route.apply(sql)) {
                case Route r -> routes.add(r);
                case MergeShards m when m.shardOrder().isEmpty() -> routes.addAll(m.routes());
                // no shard holds a value of this batch: the first such statement still tells the columns
                case Empty e -> metadata = metadata == null ? e.metadata() : metadata;
                default -> {
                    return null;
                }
            }
        }
        if (routes.isEmpty()) {
            if (metadata == null) {
                return null;
            }
            routes.add(metadata);
        }
        return new MergeShards(routes, List.of());
    }
}
