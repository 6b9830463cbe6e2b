package io.shardgate.router.planner;

import io.shardgate.router.eval.BoundExpr;
import io.shardgate.router.eval.Expr;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.HashJoinRows;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Aggregate;
import io.shardgate.router.plan.Distinct;
import io.shardgate.router.plan.Empty;
import io.shardgate.router.plan.Extend;
import io.shardgate.router.plan.Filter;
import io.shardgate.router.plan.HashJoin;
import io.shardgate.router.plan.KeepColumns;
import io.shardgate.router.plan.Limit;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Plan;
import io.shardgate.router.plan.Project;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.Sort;
import io.shardgate.router.plan.Typed;
import io.shardgate.router.sql.Literal;
import java.util.List;

/**
 * A join across shards, compiled ({@link JoinCompiler}): binding plans each table's SELECT as the statement it is
 * (routed, pruned by its own shard-key conditions, merged), joins them in a {@link HashJoin}, and adds the
 * operators over the joined rows: {@link Typed}, {@link Filter}, {@link Extend}, {@link Aggregate},
 * {@link Project}, {@link Distinct}, {@link Sort}, {@link Limit}, and {@link KeepColumns} to drop hidden columns.
 *
 * @param matching what a pair of rows with equal keys must pass to match (an outer join's ON) the proxy
 *     evaluates; null for nothing
 * @param afterJoin a condition over each joined row (WHERE, an inner join's ON) the proxy evaluates; null for none
 * @param sortKeys ORDER BY keys the proxy evaluates over each joined row, appended to it ({@link Extend})
 * @param typing a statement typing the {@code computedColumns} ({@link Typed}); null for none
 * @param computed expressions over the aggregated row the proxy writes into {@code computedColumns}
 *     ({@link Project})
 * @param groupBy joined-row columns to group by; null without aggregation (empty: aggregates, one row)
 * @param having a condition over the aggregated rows (HAVING) the proxy evaluates; null for none
 * @param order over the joined (or aggregated) rows; empty for none
 * @param limit null for none
 * @param visible how many joined-row columns the client sees; zero or less: all but the last {@code -visible}
 *     (with a {@code t.*}, see {@link ReadPlan})
 */
record JoinTemplate(SideStatement build, SideStatement probe, List<Integer> buildKeys, List<Integer> probeKeys,
                    boolean keepUnmatchedProbe, List<HashJoinRows.Output> outputs, Expr matching, Expr afterJoin,
                    List<Expr> sortKeys, SideStatement typing, List<Integer> computedColumns, List<Expr> computed,
                    List<Integer> groupBy, List<AggregateSpec> aggregates, Expr having, boolean distinct,
                    List<SortKey> order, LimitClause limit, int visible) implements PlanTemplate {

    /**
     * One table's SELECT.
     *
     * @param slots which of the statement's literals it holds, in its order
     */
    record SideStatement(PlanTemplate template, String shape, List<Integer> slots) {

        ReadPlan bind(BindContext context) {
            List<Literal> literals = slots.stream().map(context.literals()::get).toList();
            Plan plan = template.bind(new BindContext(Substatement.render(shape, literals), literals,
                    context.hints(), context.session()));
            return switch (plan) {
                case ReadPlan r -> r;
                case Route r -> new MergeShards(List.of(r), List.of());
                case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
                // refused only while a '?' key is unknown (PREPARE): its one-shard statement tells the columns
                case Reject r when r.untilBound() != null -> new MergeShards(List.of(r.untilBound()), List.of());
                case Reject r -> throw new Refused(r);
                default -> throw new Refused(Reject.notSupported("this table in a join across shards"));
            };
        }
    }

    /** A side that cannot be read: the statement gets its refusal. */
    private static final class Refused extends RuntimeException {
        final Reject reject;

        Refused(Reject reject) {
            super(reject.message(), null, false, false);
            this.reject = reject;
        }
    }

    JoinTemplate {
        buildKeys = List.copyOf(buildKeys);
        probeKeys = List.copyOf(probeKeys);
        outputs = List.copyOf(outputs);
        groupBy = groupBy == null ? null : List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        order = List.copyOf(order);
        sortKeys = List.copyOf(sortKeys);
        computedColumns = List.copyOf(computedColumns);
        computed = List.copyOf(computed);
    }

    @Override
    public Plan bind(BindContext context) {
        ReadPlan tree;
        try {
            tree = new HashJoin(build.bind(context), probe.bind(context), buildKeys, probeKeys, keepUnmatchedProbe,
                    outputs, matching == null ? null : new BoundExpr(matching, context.literals()).predicate());
            if (typing != null) {
                tree = new Typed(tree, typing.bind(context), computedColumns);
            }
        } catch (Refused r) {
            return r.reject;
        }
        if (afterJoin != null) {
            tree = new Filter(tree, new BoundExpr(afterJoin, context.literals()).predicate());
        }
        if (!sortKeys.isEmpty()) {
            tree = new Extend(tree, sortKeys.stream().map(k -> new BoundExpr(k, context.literals())).toList());
        }
        if (groupBy != null) {
            tree = new Aggregate(tree, groupBy, aggregates);
        }
        if (!computed.isEmpty()) {
            tree = new Project(tree, computedColumns, computed.stream()
                    .map(e -> new BoundExpr(e, context.literals())).toList());
        }
        if (having != null) {
            tree = new Filter(tree, new BoundExpr(having, context.literals()).predicate());
        }
        if (distinct) {
            tree = new Distinct(tree, visible);
        }
        List<Literal> literals = context.literals();
        boolean limited = limit != null && !limit.unbound(literals);
        Long count = limited ? limit.count(literals) : null;
        long offset = limited ? limit.offset(literals) : 0;
        if (!order.isEmpty()) {
            tree = new Sort(tree, order, count == null ? Long.MAX_VALUE : offset + count);
        }
        if (limited) {
            tree = new Limit(tree, offset, count);
        }
        if (visible <= 0 ? visible < 0 : outputs.size() + sortKeys.size() > visible) {
            tree = new KeepColumns(tree, visible);
        }
        return tree;
    }
}
