package io.shardgate.router.merge;

import java.util.List;

/**
 * A condition over one row (hidden columns included), such as a HAVING the planner compiled. Returns
 * true to keep the row; may throw, which fails the statement.
 */
@FunctionalInterface
public interface RowPredicate {
    boolean test(Row row);

    /**
     * This predicate ready for rows of {@code columns}; one that needs the columns' types or collations
     * (an expression the proxy evaluates) builds its tester here.
     */
    default RowPredicate open(List<ColumnMeta> columns) {
        return this;
    }
}
