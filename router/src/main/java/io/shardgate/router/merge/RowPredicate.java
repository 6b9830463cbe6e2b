package io.shardgate.router.merge;

/**
 * A condition over one row (hidden columns included), such as a HAVING the planner compiled. Returns
 * true to keep the row; may throw, which fails the statement.
 */
@FunctionalInterface
public interface RowPredicate {
    boolean test(Row row);
}
