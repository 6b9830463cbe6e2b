package io.shardgate.router.merge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Merging one aggregate's shard partials within one group. Each shard row of the group is added; at
 * the group's end the accumulator writes its merged value(s) into the output row.
 *
 * <ul>
 *   <li>COUNT: partial counts summed. COUNT(DISTINCT x): the shards return one row per (group, x), the
 *       distinct non-NULL x are counted once across shards; COUNT(DISTINCT a, b) counts the distinct
 *       (a, b) without a NULL.
 *   <li>SUM: partial sums added, exactly (BigDecimal at the client column's scale) for DECIMAL results,
 *       as doubles for DOUBLE ones; NULL when every partial is NULL. SUM(DISTINCT x) adds each distinct x.
 *   <li>MIN/MAX: by the column's {@link ValueOrder}, NULLs ignored.
 *   <li>AVG: total of the partial SUMs / total of the hidden partial COUNTs, rounded half up to the client
 *       column's scale (argument decimals + 4); NULL when the count is 0. AVG(DISTINCT x) averages the
 *       distinct x. The hidden count column receives the total count.
 *   <li>GROUP_CONCAT: see {@link GroupConcatAccumulators}.
 * </ul>
 * Memory: constant per group, except the DISTINCT and ordered GROUP_CONCAT forms, which keep one key (or
 * row) per distinct value of the group, counted against the aggregation's {@link HeldValues}.
 */
final class Accumulators {

    private Accumulators() {
    }

    /** One aggregate's running state for one group. */
    abstract static class Accumulator {
        abstract void add(Row row);

        abstract void writeTo(Object[] values);

        /** How many values this accumulator holds against the budget. */
        long held() {
            return 0;
        }
    }

    /**
     * The factory of accumulators for one aggregate column.
     *
     * @param input the columns of the shard rows (partials)
     * @param output the client-visible columns ({@link AggregateTypes#clientColumns})
     */
    static Supplier<Accumulator> factory(AggregateSpec spec, List<ColumnMeta> input, List<ColumnMeta> output,
                                         HeldValues budget) {
        int col = spec.column();
        ColumnMeta partial = input.get(col);
        boolean exact = AggregateTypes.addsDecimals(partial);
        int scale = output.get(col).decimals();
        boolean distinct = spec.distinct();
        Distinctness by = distinct ? new Distinctness(spec, input) : null;
        return switch (spec.function()) {
            case COUNT -> () -> new Count(col, by == null ? null : new Seen(by, budget));
            case SUM -> () -> new Sum(col, new Seen(by, budget), exact, scale);
            case MIN -> () -> new Extreme(col, ValueOrder.forColumn(partial), false);
            case MAX -> () -> new Extreme(col, ValueOrder.forColumn(partial), true);
            case AVG -> {
                if (!distinct && spec.countColumn() < 0) {
                    throw new IllegalArgumentException("AVG over column " + col
                            + " needs the hidden partial COUNT column (countColumn)");
                }
                yield () -> new Avg(col, spec.countColumn(), new Seen(by, budget), exact, scale);
            }
            case GROUP_CONCAT -> GroupConcatAccumulators.factory(spec, input, by, budget);
        };
    }

    /** What makes two shard rows the same value of a DISTINCT aggregate: its argument columns' keys. */
    static final class Distinctness {
        private final int[] columns;
        private final ValueOrder[] orders;

        Distinctness(AggregateSpec spec, List<ColumnMeta> input) {
            columns = new int[1 + spec.moreColumns().size()];
            orders = new ValueOrder[columns.length];
            columns[0] = spec.column();
            for (int i = 1; i < columns.length; i++) {
                columns[i] = spec.moreColumns().get(i - 1);
            }
            for (int i = 0; i < columns.length; i++) {
                orders[i] = ValueOrder.forColumn(input.get(columns[i]));
            }
        }

        /** The row's key, or null when an argument is NULL (the row is not aggregated). */
        Object keyOf(Row row) {
            if (columns.length == 1) {
                Object v = row.get(columns[0]);
                return v == null ? null : orders[0].key(v);
            }
            Object[] parts = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                Object v = row.get(columns[i]);
                if (v == null) {
                    return null;
                }
                parts[i] = orders[i].key(v);
            }
            return new GroupKey(parts);
        }
    }

    /** Tracks the distinct values of one group; without a {@link Distinctness} every value counts. */
    static final class Seen {
        private final Distinctness by;
        private final HeldValues budget;
        private final Set<Object> keys;

        Seen(Distinctness by, HeldValues budget) {
            this.by = by;
            this.budget = budget;
            this.keys = by == null ? null : new HashSet<>();
        }

        /** Whether the row's (non-NULL) value is the first of its kind in the group. */
        boolean first(Row row) {
            if (keys == null) {
                return true;
            }
            Object key = by.keyOf(row);
            if (key == null || !keys.add(key)) {
                return false;
            }
            budget.take();
            return true;
        }

        long held() {
            return keys == null ? 0 : keys.size();
        }

        /** Whether it de-duplicates (a DISTINCT aggregate), taking each distinct value from the budget itself. */
        boolean distinct() {
            return keys != null;
        }
    }

    private static final class Count extends Accumulator {
        private final int col;
        private final Seen seen;
        private long total;

        /** @param seen null: add the partial counts */
        Count(int col, Seen seen) {
            this.col = col;
            this.seen = seen;
        }

        @Override
        void add(Row row) {
            if (seen != null) {
                total += seen.first(row) ? 1 : 0;
                return;
            }
            Object v = row.get(col);
            if (v != null) {
                total += NumericValues.toLong(v);
            }
        }

        @Override
        void writeTo(Object[] values) {
            values[col] = total;
        }

        @Override
        long held() {
            return seen == null ? 0 : seen.held();
        }
    }

    /** Exact or floating running sum of non-NULL values. */
    private static final class Total {
        private final boolean exact;
        private BigDecimal decimal = BigDecimal.ZERO;
        private double floating;
        private long values;

        Total(boolean exact) {
            this.exact = exact;
        }

        void add(Object v) {
            if (exact) {
                decimal = decimal.add(NumericValues.toBigDecimal(v));
            } else {
                floating += NumericValues.toDouble(v);
            }
            values++;
        }

        boolean empty() {
            return values == 0;
        }
    }

    private static final class Sum extends Accumulator {
        private final int col;
        private final Seen seen;
        private final Total total;
        private final int scale;

        Sum(int col, Seen seen, boolean exact, int scale) {
            this.col = col;
            this.seen = seen;
            this.total = new Total(exact);
            this.scale = scale;
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (v != null && seen.first(row)) {
                total.add(v);
            }
        }

        @Override
        long held() {
            return seen.held();
        }

        @Override
        void writeTo(Object[] values) {
            values[col] = total.empty() ? null
                    : total.exact ? total.decimal.setScale(scale, RoundingMode.HALF_UP) : (Object) total.floating;
        }
    }

    private static final class Extreme extends Accumulator {
        private final int col;
        private final ValueOrder order;
        private final boolean max;
        private Object best;

        Extreme(int col, ValueOrder order, boolean max) {
            this.col = col;
            this.order = order;
            this.max = max;
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (v != null && (best == null || (max ? order.compare(v, best) > 0 : order.compare(v, best) < 0))) {
                best = v;
            }
        }

        @Override
        void writeTo(Object[] values) {
            values[col] = best;
        }
    }

    private static final class Avg extends Accumulator {
        private final int col;
        private final int countCol;
        private final Seen seen;
        private final boolean distinct;
        private final Total sum;
        private final int scale;
        private long count;

        Avg(int col, int countCol, Seen seen, boolean exact, int scale) {
            this.col = col;
            this.countCol = countCol;
            this.distinct = seen.keys != null;
            this.seen = seen;
            this.sum = new Total(exact);
            this.scale = scale;
        }

        @Override
        long held() {
            return seen.held();
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (distinct) {
                if (v != null && seen.first(row)) {
                    sum.add(v);
                    count++;
                }
                return;
            }
            if (v != null) {
                sum.add(v);
            }
            Object c = row.get(countCol);
            if (c != null) {
                count += NumericValues.toLong(c);
            }
        }

        @Override
        void writeTo(Object[] values) {
            if (count == 0 || sum.empty()) {
                values[col] = null;
            } else if (sum.exact) {
                values[col] = sum.decimal.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP);
            } else {
                values[col] = sum.floating / count;
            }
            if (countCol >= 0) {
                values[countCol] = count;
            }
        }
    }
}
