package io.shardgate.router.planner;

import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.RowPartials;
import io.shardgate.router.plan.Aggregate;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Retyped;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.RowsAsPartials;
import java.util.List;

/**
 * A SELECT over a derived table whose rows span shards, compiled ({@link DerivedTableCompiler}). Binding
 * binds the derived table's SELECT as the statement it is and evaluates the outer SELECT in the proxy over
 * its merged rows:
 * <pre>
 *   Retyped
 *     MergeShards: the outer statement on the derived table's first shard read, LIMIT 0 (the columns)
 *     Aggregate (GROUP BY / aggregates, when there are)
 *       RowsAsPartials (each derived row as a group of one)
 *         the derived table's read tree
 * </pre>
 * The outer statement run on one shard, over that shard's own statement for the derived table, gives the
 * column definitions a single server would: the server types the outer select list.
 *
 * @param groupBy null when the outer SELECT neither aggregates nor groups (it picks columns)
 */
record DerivedTableTemplate(Substatement inner, Substatement before, Substatement after,
                            List<RowPartials.Source> sources, List<Integer> groupBy,
                            List<AggregateSpec> aggregates) implements PlanTemplate {

    DerivedTableTemplate {
        sources = List.copyOf(sources);
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
    }

    @Override
    public Plan bind(BindContext context) {
        Plan alone = inner.bind(context);
        ReadPlan read;
        switch (alone) {
            case ReadPlan r -> read = r;
            case Route r -> read = new MergeShards(List.of(r), List.of());
            case Empty e -> read = new MergeShards(List.of(e.metadata()), List.of());
            // refused only while a '?' key is unknown (PREPARE): its one-shard statement tells the columns
            case Reject r when r.untilBound() != null -> read = new MergeShards(List.of(r.untilBound()), List.of());
            case Reject r -> {
                return r;
            }
            default -> {
                return Reject.notSupported("this derived table over sharded tables");
            }
        }
        Route first = read.routes().getFirst();
        String typingSql = before.render(context.literals()) + first.sql() + after.render(context.literals())
                + " LIMIT 0";
        ReadPlan typing = new MergeShards(List.of(new Route(first.node(), typingSql, first.primaryRequired())),
                List.of());
        ReadPlan rows = new RowsAsPartials(read, sources);
        if (groupBy != null) {
            rows = new Aggregate(rows, groupBy, aggregates);
        }
        return new Retyped(typing, rows);
    }
}
