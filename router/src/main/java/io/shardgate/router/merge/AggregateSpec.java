package io.shardgate.router.merge;

import java.util.List;

/**
 * One aggregate column of a merge.
 *
 * @param column the column holding the shard's partial value (for AVG: the partial SUM)
 * @param countColumn for AVG: the hidden column holding the shard's partial COUNT; for GROUP_CONCAT with
 *     ORDER BY and without DISTINCT: the hidden COUNT(*) of rows sharing the shard row's value and sort
 *     keys (how often the value repeats); -1 otherwise
 * @param distinct COUNT/SUM/AVG/GROUP_CONCAT(DISTINCT x): shards return distinct x per group (the column
 *     holds x, not a partial aggregate) and the merge de-duplicates before aggregating
 * @param separator GROUP_CONCAT's separator; null otherwise
 * @param moreColumns COUNT(DISTINCT a, b, ...): the hidden columns holding b, ...; a tuple with a NULL
 *     is not counted; empty otherwise
 * @param order GROUP_CONCAT(... ORDER BY k): the hidden columns holding the sort keys, with their
 *     directions; the shards then return the values themselves, which the merge sorts per group
 */
public record AggregateSpec(AggregateFunction function, int column, int countColumn, boolean distinct,
                            String separator, List<Integer> moreColumns, List<SortKey> order) {

    public AggregateSpec {
        moreColumns = List.copyOf(moreColumns);
        order = List.copyOf(order);
    }

    public AggregateSpec(AggregateFunction function, int column, int countColumn, boolean distinct,
                         String separator) {
        this(function, column, countColumn, distinct, separator, List.of(), List.of());
    }

    /** Whether the shards return the aggregate's argument values rather than a partial aggregate. */
    public boolean rawValues() {
        return distinct || !order.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(function.name()).append('(');
        if (distinct) {
            s.append("distinct ");
        }
        s.append(column);
        moreColumns.forEach(c -> s.append(", ").append(c));
        if (countColumn != -1) {
            s.append(function == AggregateFunction.AVG ? " / count " : " times ").append(countColumn);
        }
        if (!order.isEmpty()) {
            s.append(" order by ").append(order.toString(), 1, order.toString().length() - 1);
        }
        if (separator != null) {
            s.append(" separator '").append(separator).append('\'');
        }
        return s.append(')').toString();
    }
}
