package io.shardgate.router.planner;

import io.shardgate.router.eval.BoundExpr;
import io.shardgate.router.eval.Expr;
import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.RowPartials;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.plan.Aggregate;
import io.shardgate.router.plan.Distinct;
import io.shardgate.router.plan.Extend;
import io.shardgate.router.plan.Filter;
import io.shardgate.router.plan.Limit;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.RowsAsPartials;
import io.shardgate.router.plan.Sort;
import io.shardgate.router.sql.Literal;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An outer SELECT the proxy evaluates over rows it holds (a derived table's merged rows), compiled by
 * {@link OuterSelectCompiler}; {@link #bind} builds its read tree over those rows, in SQL order:
 * <pre>
 *   rows -> Filter (WHERE) -> Extend (row expressions) -> RowsAsPartials -> Aggregate -> Extend (expressions
 *        over groups) -> Filter (HAVING) -> RowsAsPartials (pick the select list, then sort keys)
 *        -> Distinct -> Sort -> Limit
 * </pre>
 * each node present only when the statement needs it. The select list comes first in the last row; the
 * sort keys the client does not see follow it, for the caller to drop.
 *
 * @param where over the input rows; null for none
 * @param rowColumns appended to each input row (before grouping)
 * @param partials null when the SELECT does not aggregate: then {@code groupBy}, {@code aggregates} and
 *     {@code groupColumns} are empty
 * @param having over the aggregated row with {@code groupColumns}; null for none
 * @param picks the columns of the last row, in output order: the select list, then hidden sort keys
 * @param visible how many of {@code picks} the client sees
 * @param orderBy over the picked row
 */
record OuterPipeline(Expr where, List<Expr> rowColumns, List<RowPartials.Source> partials, List<Integer> groupBy,
                     List<AggregateSpec> aggregates, List<Expr> groupColumns, Expr having, List<Integer> picks,
                     int visible, boolean distinct, List<SortKey> orderBy, LimitClause limit) {

    OuterPipeline {
        rowColumns = List.copyOf(rowColumns);
        partials = partials == null ? null : List.copyOf(partials);
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        groupColumns = List.copyOf(groupColumns);
        picks = List.copyOf(picks);
        orderBy = List.copyOf(orderBy);
    }

    /** The read tree over {@code rows}, whose row width is {@code width}. */
    ReadPlan bind(ReadPlan rows, int width, List<Literal> literals) {
        ReadPlan node = rows;
        if (where != null) {
            node = new Filter(node, new BoundExpr(where, literals).predicate());
        }
        if (!rowColumns.isEmpty()) {
            node = new Extend(node, bound(rowColumns, literals));
        }
        int last = width + rowColumns.size();
        boolean oneRow = false;
        if (partials != null) {
            node = new RowsAsPartials(node, partials);
            node = new Aggregate(node, groupBy, aggregates);
            oneRow = groupBy.isEmpty();
            if (!groupColumns.isEmpty()) {
                node = new Extend(node, bound(groupColumns, literals));
            }
            last = partials.size() + groupColumns.size();
        }
        if (having != null) {
            node = new Filter(node, new BoundExpr(having, literals).predicate());
        }
        if (!picks.equals(IntStream.range(0, last).boxed().toList().subList(0, Math.min(last, picks.size())))) {
            node = new RowsAsPartials(node, picks.stream()
                    .map(c -> new RowPartials.Source(RowPartials.Kind.VALUE, c)).toList());
        }
        if (distinct && !oneRow) {
            node = new Distinct(node, visible);
        }
        boolean limited = limit != null && !limit.unbound(literals);
        long offset = limited ? limit.offset(literals) : 0;
        Long count = limited ? limit.count(literals) : null;
        if (!orderBy.isEmpty() && !oneRow) {
            long needed = count == null ? Long.MAX_VALUE : offset + count < 0 ? Long.MAX_VALUE : offset + count;
            node = new Sort(node, orderBy, needed);
        }
        if (offset > 0 || count != null) {
            node = new Limit(node, offset, count);
        }
        return node;
    }

    private static List<BoundExpr> bound(List<Expr> exprs, List<Literal> literals) {
        return exprs.stream().map(e -> new BoundExpr(e, literals)).toList();
    }
}
