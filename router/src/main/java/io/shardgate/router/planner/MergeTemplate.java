package io.shardgate.router.planner;

import io.shardgate.router.eval.BoundExpr;
import io.shardgate.router.eval.Expr;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Aggregate;
import io.shardgate.router.plan.Distinct;
import io.shardgate.router.plan.Filter;
import io.shardgate.router.plan.KeepColumns;
import io.shardgate.router.plan.Limit;
import io.shardgate.router.plan.MergeShards;
import io.shardgate.router.plan.Project;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Rollup;
import io.shardgate.router.plan.SemiJoin;
import io.shardgate.router.plan.Route;
import io.shardgate.router.plan.Sort;
import io.shardgate.router.sql.Literal;
import java.util.ArrayList;
import java.util.List;

/**
 * The merge of a scatter SELECT compiled for a shape: everything but the routes, LIMIT values and HAVING
 * literals, which {@link #bind} fills in per statement to build the read tree, in SQL order:
 * <pre>
 *   MergeShards -> [Filter (semi-join) -> KeepColumns] -> Aggregate (or Rollup) -> Project -> Filter (HAVING) -> Distinct -> Sort -> Limit -> KeepColumns
 *   MergeShards -> Window -> Window ... -> Sort -> Limit -> KeepColumns   (window functions computed in the proxy)
 *   MergeShards -> Aggregate -> Project -> Filter -> Window ... -> Sort -> Limit -> KeepColumns   (over groups)
 * </pre>
 * each node present only when the statement needs it.
 *
 * @param groupBy group-key columns (with the plain columns that depend on them)
 * @param aggregates one per aggregate column; empty with {@code groupBy} for no aggregation
 * @param projections merged columns computed by the proxy (expressions over aggregates)
 * @param having the HAVING condition over the merged row; null for none
 * @param orderBy the client's ORDER BY as merge columns
 * @param visibleColumns what the client sees (relative when the select list has a {@code *}, see
 *     {@link ReadPlan})
 * @param hiddenColumns how many columns the rewrite appended to the shard statements
 * @param windows the windows whose functions the proxy computes over the merged rows, one node each; the
 *     shards' rows arrive in the first one's order, unless the query aggregates: then the windows run over
 *     the merged groups
 * @param rollupKeys GROUP BY ... WITH ROLLUP: how many of {@code groupBy} are rolled up; 0 without
 * @param semiJoinColumns the shards' last columns, each a semi-join's {@code x}: filtered on right above the
 *     shard reads ({@link SemiJoin.Slot}) and cut off there, so the nodes above see the columns they would
 *     without them
 */
record MergeTemplate(List<Integer> groupBy, List<AggregateSpec> aggregates, List<Projection> projections, Expr having,
                     boolean distinct, List<SortKey> orderBy, LimitClause limit, int visibleColumns,
                     int hiddenColumns, List<WindowTemplate> windows, int rollupKeys, int semiJoinColumns) {

    /** A merged column the proxy computes: {@code expr} over the merged row. */
    record Projection(int column, Expr expr) {
    }

    ReadPlan bind(List<Route> routes, List<Literal> literals) {
        boolean aggregated = !groupBy.isEmpty() || !aggregates.isEmpty();
        boolean oneRow = aggregated && groupBy.isEmpty();
        ReadPlan node = new MergeShards(routes, shardOrder());
        if (semiJoinColumns > 0) {
            node = new KeepColumns(new Filter(node, new SemiJoin.Slot(semiJoinColumns)), -semiJoinColumns);
        }
        if (!aggregated) {
            node = windows(node, literals);
        }
        if (rollupKeys > 0) {
            node = new Rollup(node, groupBy, rollupKeys, aggregates);
        } else if (aggregated) {
            node = new Aggregate(node, groupBy, aggregates);
        }
        if (!projections.isEmpty()) {
            node = new Project(node, projections.stream().map(Projection::column).toList(),
                    projections.stream().map(p -> new BoundExpr(p.expr(), literals)).toList());
        }
        if (having != null) {
            node = new Filter(node, new BoundExpr(having, literals).predicate());
        }
        if (aggregated) { // windows over the groups HAVING kept
            node = windows(node, literals);
        }
        if (distinct && !oneRow) {
            node = new Distinct(node, visibleColumns);
        }
        boolean limited = limit != null && !limit.unbound(literals);
        long offset = limited ? limit.offset(literals) : 0;
        Long count = limited ? limit.count(literals) : null;
        if (!orderBy.isEmpty() && !oneRow) {
            node = new Sort(node, orderBy, count == null ? Long.MAX_VALUE : saturatedAdd(offset, count));
        }
        if (offset > 0 || count != null) {
            node = new Limit(node, offset, count);
        }
        if (hiddenColumns > 0) {
            node = new KeepColumns(node, visibleColumns);
        }
        return node;
    }

    /**
     * The order the shards' rows arrive in under {@link ScatterPlanner}'s rewrite: with GROUP BY, the
     * shards were sent {@code ORDER BY <group keys>} (ascending, in GROUP BY order; the plain columns listed
     * after the keys in {@code groupBy} are constant within a group, so the rows are sorted by them too);
     * without aggregation they kept the client's ORDER BY; an aggregate without GROUP BY needs no order;
     * under windows computed in the proxy, the first one's PARTITION BY and ORDER BY.
     *
     * <p>If the shards were not in fact sorted so, the streaming operators raise an error rather than
     * return split groups or duplicate rows.
     */
    List<SortKey> shardOrder() {
        if (!windows.isEmpty() && groupBy.isEmpty() && aggregates.isEmpty()) {
            return windows.getFirst().inputOrder();
        }
        if (!groupBy.isEmpty()) {
            List<SortKey> order = new ArrayList<>(groupBy.size());
            groupBy.forEach(c -> order.add(new SortKey(c, false)));
            return order;
        }
        return aggregates.isEmpty() ? orderBy : List.of();
    }

    private ReadPlan windows(ReadPlan node, List<Literal> literals) {
        for (WindowTemplate w : windows) {
            node = w.bind(node, literals);
        }
        return node;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
