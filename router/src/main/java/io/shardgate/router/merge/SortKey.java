package io.shardgate.router.merge;

/**
 * One sort key: a column index and its direction. NULLs sort first ascending, last descending (MySQL).
 *
 * <p>In a plan, a negative column counts from the end of the input's columns (see
 * {@code io.shardgate.router.plan.ReadPlan}); operators only ever see absolute indexes.
 */
public record SortKey(int column, boolean descending) {

    /** This key with a negative (relative) column made absolute for rows of {@code width} columns. */
    public SortKey absolute(int width) {
        return column < 0 ? new SortKey(width + column, descending) : this;
    }

    @Override
    public String toString() {
        return (column < 0 ? "end" + column : Integer.toString(column)) + (descending ? " desc" : "");
    }
}
