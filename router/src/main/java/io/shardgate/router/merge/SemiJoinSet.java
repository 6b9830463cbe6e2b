package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code x IN (subquery)} / {@code x NOT IN (subquery)} over rows whose column {@code fromEnd} from the end is
 * {@code x} (1: the last; several semi-joins of one statement each read their own column): the
 * subquery's values in a hash set keyed by MySQL equality under {@code x}'s column ({@link ValueOrder#key}:
 * numbers numerically across types, strings by {@code x}'s collation). MySQL's NULL rules: IN keeps no row
 * whose {@code x} is NULL; NOT IN keeps nothing when a value is NULL, and keeps a NULL {@code x} only when
 * there is no value at all.
 *
 * @param values the subquery's values, NULLs included
 * @param fromEnd where {@code x} is, counted from the row's end: 1 for the last column
 */
public record SemiJoinSet(List<Object> values, boolean negated, int fromEnd) implements RowPredicate {

    public SemiJoinSet {
        values = Collections.unmodifiableList(new ArrayList<>(values)); // NULLs allowed
        if (fromEnd < 1) {
            throw new IllegalArgumentException("fromEnd " + fromEnd);
        }
    }

    /** Over the last column. */
    public SemiJoinSet(List<Object> values, boolean negated) {
        this(values, negated, 1);
    }

    @Override
    public boolean test(Row row) {
        throw new IllegalStateException("open() first: the set is keyed by the outer column's type");
    }

    @Override
    public RowPredicate open(List<ColumnMeta> columns) {
        int column = columns.size() - fromEnd;
        ValueOrder order = ValueOrder.forColumn(columns.get(column));
        Set<Object> keys = new HashSet<>();
        boolean nullValue = false;
        for (Object v : values) {
            if (v == null) {
                nullValue = true;
            } else {
                keys.add(order.key(v));
            }
        }
        boolean anyNull = nullValue;
        boolean empty = values.isEmpty();
        return row -> {
            Object x = row.get(column);
            if (negated) {
                return empty || !anyNull && x != null && !keys.contains(order.key(x));
            }
            return x != null && keys.contains(order.key(x));
        };
    }

    @Override
    public String toString() {
        return (fromEnd == 1 ? "x" : "column end-" + fromEnd) + " " + (negated ? "NOT IN" : "IN") + " a set of "
                + values.size() + " values";
    }
}
