package io.shardgate.router.plan;

import java.util.List;

/**
 * How rows from several shards become the client's result: what the planner decided, what the merge
 * primitives execute. Column indexes refer to the shard queries' select list (after the planner's
 * rewrite, which may append hidden columns); the client sees the first {@code visibleColumns}.
 *
 * <p>Order of application, as in SQL: group/aggregate (with {@code having}) -> distinct -> order ->
 * offset/limit -> drop hidden columns.
 *
 * @param groupBy group-key column indexes; empty with aggregates means one group over all rows
 * @param aggregates one per aggregate column of the select list; empty when there is no aggregation
 * @param having null when absent; evaluated over the merged row (hidden columns included)
 * @param orderBy the final order; empty when the client did not order
 * @param offset rows to skip after merging (shards were sent LIMIT offset+limit)
 * @param limit null when unlimited
 */
public record MergeSpec(
        List<Integer> groupBy,
        List<AggregateSpec> aggregates,
        RowPredicate having,
        boolean distinct,
        List<SortKey> orderBy,
        long offset,
        Long limit,
        int visibleColumns) {

    public MergeSpec {
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        orderBy = List.copyOf(orderBy);
    }

    /** A plain union of shard results: no grouping, order or limit. */
    public static MergeSpec union(int visibleColumns) {
        return new MergeSpec(List.of(), List.of(), null, false, List.of(), 0, null, visibleColumns);
    }

    /** One sort key: a column index and its direction. NULLs sort first ascending, last descending (MySQL). */
    public record SortKey(int column, boolean descending) {
    }

    /**
     * One aggregate column.
     *
     * @param column the column holding the shard's partial value (for AVG: the partial SUM)
     * @param countColumn for AVG only: the hidden column holding the shard's partial COUNT; -1 otherwise
     * @param distinct COUNT(DISTINCT x) / SUM(DISTINCT x): shards return distinct x per group (the column
     *     holds x, not a partial aggregate) and the merge de-duplicates before aggregating
     * @param separator GROUP_CONCAT's separator; null otherwise
     */
    public record AggregateSpec(AggregateFunction function, int column, int countColumn, boolean distinct,
                                String separator) {
    }

    public enum AggregateFunction { COUNT, SUM, MIN, MAX, AVG, GROUP_CONCAT }

    /** HAVING, compiled by the planner into a predicate over merged rows. */
    @FunctionalInterface
    public interface RowPredicate {
        boolean test(io.shardgate.router.merge.Row row);
    }
}
