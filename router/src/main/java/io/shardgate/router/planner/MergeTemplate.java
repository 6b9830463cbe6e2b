package io.shardgate.router.planner;

import io.shardgate.router.plan.MergeSpec;
import io.shardgate.router.sql.Literal;
import java.util.List;

/**
 * A {@link MergeSpec} compiled for a shape: everything but the LIMIT values and HAVING literals, which
 * {@link #bind} fills in per statement.
 *
 * @param relative column indexes count from the end where negative (the select list has a {@code *});
 *     see {@link io.shardgate.router.plan.Scatter}
 */
record MergeTemplate(List<Integer> groupBy, List<MergeSpec.AggregateSpec> aggregates, HavingTemplate having,
                     boolean distinct, List<MergeSpec.SortKey> orderBy, LimitClause limit, int visibleColumns,
                     boolean relative) {

    MergeSpec bind(List<Literal> literals) {
        boolean limited = limit != null && !limit.unbound(literals);
        long offset = limited ? limit.offset(literals) : 0;
        Long count = limited ? limit.count(literals) : null;
        return new MergeSpec(groupBy, aggregates, having == null ? null : having.bind(literals), distinct, orderBy,
                offset, count, visibleColumns);
    }
}
