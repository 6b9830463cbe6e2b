package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code x IN (subquery)} / {@code x NOT IN (subquery)}, or {@code (x, y) [NOT] IN (subquery)}, over rows whose
 * columns {@code fromEnd} from the end on are {@code x} (and {@code y}; 1: x is the last column; several
 * semi-joins of one statement each read their own columns): the subquery's rows in hash sets keyed by MySQL
 * equality under each outer column ({@link ValueOrder#key}: numbers numerically across types, strings by the
 * column's collation).
 *
 * <p>MySQL's NULL rules, where a comparison with NULL is unknown and only TRUE keeps a row: IN keeps a row when
 * some value equals it in every column, so never a row or value with a NULL in it. NOT IN keeps a row when every
 * value differs from it in some column where neither is NULL: nothing when a value is all NULL, a row with a
 * NULL only when no value could equal it on the other columns, and every row (NULLs included) over an empty
 * set. With NULLs among the values, the values are grouped by which of their columns are not NULL, and a row
 * is looked up in each group on the columns it and the group have.
 *
 * @param values the subquery's rows, each of {@code width} values, NULLs included
 * @param fromEnd where {@code x} is, counted from the row's end: 1 for the last column
 */
public record SemiJoinSet(List<List<Object>> values, int width, boolean negated, int fromEnd)
        implements RowPredicate {

    public SemiJoinSet {
        List<List<Object>> copy = new ArrayList<>(values.size());
        for (List<Object> v : values) {
            if (v.size() != width) {
                throw new IllegalArgumentException("a value of " + v.size() + " columns for " + width);
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(v))); // NULLs allowed
        }
        values = Collections.unmodifiableList(copy);
        if (width < 1 || fromEnd < width) {
            throw new IllegalArgumentException("width " + width + ", fromEnd " + fromEnd);
        }
    }

    /** One column, the last. */
    public SemiJoinSet(List<Object> values, boolean negated) {
        this(values, negated, 1);
    }

    /** One column, {@code fromEnd} from the end. */
    public SemiJoinSet(List<Object> values, boolean negated, int fromEnd) {
        this(values.stream().map(v -> Arrays.asList(v)).toList(), 1, negated, fromEnd);
    }

    @Override
    public boolean test(Row row) {
        throw new IllegalStateException("open() first: the set is keyed by the outer columns' types");
    }

    @Override
    public RowPredicate open(List<ColumnMeta> columns) {
        int first = columns.size() - fromEnd;
        ValueOrder[] orders = new ValueOrder[width];
        for (int c = 0; c < width; c++) {
            orders[c] = ValueOrder.forColumn(columns.get(first + c));
        }
        int all = (1 << width) - 1;
        Map<Integer, List<List<Object>>> byMask = new HashMap<>(); // the values by their non-NULL columns
        for (List<Object> v : values) {
            byMask.computeIfAbsent(mask(v, width), m -> new ArrayList<>()).add(v);
        }
        // per (mask of the values, columns looked up on): their keys, built when a row first needs them
        Map<Integer, Set<List<Object>>> keys = new HashMap<>();
        boolean empty = values.isEmpty();
        return row -> {
            List<Object> x = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                x.add(row.get(first + c));
            }
            int rowMask = mask(x, width);
            if (!negated) {
                return rowMask == all && byMask.containsKey(all)
                        && keys(keys, byMask, orders, all, all).contains(key(x, orders, all));
            }
            if (empty) {
                return true;
            }
            for (int mask : byMask.keySet()) {
                int both = mask & rowMask;
                // a value equal on every column both have, unknown on the rest: the row is not kept
                if (both == 0 || keys(keys, byMask, orders, mask, both).contains(key(x, orders, both))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Set<List<Object>> keys(Map<Integer, Set<List<Object>>> cache,
                                          Map<Integer, List<List<Object>>> byMask, ValueOrder[] orders, int mask,
                                          int on) {
        return cache.computeIfAbsent(mask << orders.length | on, k -> {
            Set<List<Object>> out = new HashSet<>();
            byMask.get(mask).forEach(v -> out.add(key(v, orders, on)));
            return out;
        });
    }

    private static int mask(List<Object> v, int width) {
        int mask = 0;
        for (int c = 0; c < width; c++) {
            mask |= v.get(c) == null ? 0 : 1 << c;
        }
        return mask;
    }

    /** The keys of {@code v} on the columns of {@code mask}. */
    private static List<Object> key(List<Object> v, ValueOrder[] orders, int mask) {
        List<Object> key = new ArrayList<>();
        for (int c = 0; c < orders.length; c++) {
            if ((mask & 1 << c) != 0) {
                key.add(orders[c].key(v.get(c)));
            }
        }
        return key;
    }

    @Override
    public String toString() {
        String x = width > 1 ? width + " columns from end-" + fromEnd : fromEnd == 1 ? "x" : "column end-" + fromEnd;
        return x + " " + (negated ? "NOT IN" : "IN") + " a set of " + values.size() + " values";
    }
}
