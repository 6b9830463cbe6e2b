package io.shardgate.router.merge;

/**
 * The count of values an aggregation holds for its DISTINCT and ordered GROUP_CONCAT aggregates, across all
 * groups it keeps, against a budget ({@code proxy.max-sort-rows}): one value more fails the statement with
 * "out of sort memory" (1038), as an in-memory sort over budget does, instead of exhausting the heap.
 */
final class HeldValues {

    private final long budget;
    private long held;

    HeldValues(long budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget " + budget);
        }
        this.budget = budget;
    }

    void take() {
        if (++held > budget) {
            throw new RowStreamException(1038, "HY001", "Out of sort memory: shardgate keeps the distinct or"
                    + " ordered values of a cross-shard aggregate itself and it needs more than " + budget
                    + " values (proxy.max-sort-rows); narrow the groups or the WHERE", true);
        }
    }

    void release(long values) {
        held -= values;
    }
}
