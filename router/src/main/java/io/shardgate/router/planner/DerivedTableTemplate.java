package io.shardgate.router.planner;

import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Retyped;
import io.shardgate.router.plan.Route;
import java.util.List;

/**
 * A SELECT over a derived table whose rows span shards, compiled ({@link DerivedTableCompiler}). Binding
 * binds the derived table's SELECT as the statement it is and evaluates the outer SELECT in the proxy over
 * its merged rows ({@link OuterPipeline}):
 * <pre>
 *   Retyped
 *     MergeShards: the outer statement on the derived table's first shard read, LIMIT 0 (the columns)
 *     the outer SELECT's nodes (Filter, Extend, Aggregate, Distinct, Sort, Limit ... as it needs them)
 *       the derived table's read tree
 * </pre>
 * The outer statement run on one shard, over that shard's own statement for the derived table, gives the
 * column definitions a single server would: the server types the outer select list. Its LIMIT, if any, is
 * replaced by {@code LIMIT 0}.
 *
 * @param setOperation the derived table is a UNION (INTERSECT, EXCEPT)
 * @param lead what the typing statement starts with before {@code before} ("WITH " when {@code before} is
 *     the header of the last WITH body, the earlier ones left out: the derived rows include them)
 * @param after the statement's text after the derived table's SELECT, without the outer LIMIT
 * @param width how many columns the derived table has
 */
record DerivedTableTemplate(Substatement inner, boolean setOperation, String lead, Substatement before,
                            Substatement after,
                            int width, OuterPipeline outer) implements PlanTemplate {

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
        // a server names no table for a UNION's columns: the typing statement's derived table is one too
        String derived = setOperation ? "(" + first.sql() + ") UNION ALL (" + first.sql() + ")" : first.sql();
        String typingSql = lead + before.render(context.literals()) + derived + after.render(context.literals())
                + " LIMIT 0";
        ReadPlan typing = new MergeShards(List.of(new Route(first.node(), typingSql, first.primaryRequired())),
                List.of());
        return new Retyped(typing, outer.bind(read, width, context.literals()));
    }
}
