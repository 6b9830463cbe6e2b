package io.shardgate.router.merge;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
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
 *   <li>GROUP_CONCAT: non-NULL partials joined with the separator, in arrival order; group_concat_max_len
 *       truncation is not applied to the merged value. With DISTINCT the x are de-duplicated first. With
 *       ORDER BY the shards return each value with its sort keys (and, without DISTINCT, how often it
 *       repeats), which are sorted per group when the group ends; values with equal keys keep their
 *       arrival order (MySQL leaves it undefined).
 * </ul>
 * Memory: constant per group, except the DISTINCT and ordered GROUP_CONCAT forms, which keep one key (or
 * row) per distinct value of the group, counted against the aggregation's {@link HeldValues}.
 */
final class Accumulators {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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
            case GROUP_CONCAT -> {
                String separator = spec.separator() == null ? "," : spec.separator();
                if (spec.order().isEmpty()) {
                    yield () -> new GroupConcat(col, new Seen(by, budget), separator);
                }
                Comparator<Row> order = concatOrder(spec.order(), input);
                yield () -> new OrderedGroupConcat(col, spec.countColumn(), new Seen(by, budget), budget, order,
                        separator);
            }
        };
    }

    /**
     * GROUP_CONCAT's ORDER BY, which on MariaDB 10.11 differs from a statement's: a NULL sort key compares
     * equal to its type's zero (0 for numbers, '' for strings), not before every value; NULL dates still sort
     * first (as the zero date would).
     */
    private static Comparator<Row> concatOrder(List<SortKey> keys, List<ColumnMeta> input) {
        int[] columns = keys.stream().mapToInt(SortKey::column).toArray();
        ValueOrder[] orders = new ValueOrder[columns.length];
        for (int i = 0; i < columns.length; i++) {
            orders[i] = ValueOrder.forColumn(input.get(columns[i]));
        }
        return (a, b) -> {
            for (int i = 0; i < columns.length; i++) {
                Object x = a.get(columns[i]);
                Object y = b.get(columns[i]);
                int c = orders[i].compare(x == null ? zeroLike(y) : x, y == null ? zeroLike(x) : y);
                if (c != 0) {
                    return keys.get(i).descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    /** The zero of {@code other}'s type, which a NULL GROUP_CONCAT sort key equals; null if none. */
    private static Object zeroLike(Object other) {
        return switch (other) {
            case Number n -> 0L;
            case String s -> "";
            case byte[] b -> new byte[0];
            case null, default -> null;
        };
    }

    /** What makes two shard rows the same value of a DISTINCT aggregate: its argument columns' keys. */
    private static final class Distinctness {
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
    private static final class Seen {
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

    private static final class GroupConcat extends Accumulator {
        private final int col;
        private final Seen seen;
        private final String separator;
        private final StringBuilder text = new StringBuilder();
        /** Non-null once a binary partial arrived: the whole value is then binary. */
        private ByteArrayOutputStream bytes;
        private boolean any;

        GroupConcat(int col, Seen seen, String separator) {
            this.col = col;
            this.seen = seen;
            this.separator = separator;
        }

        @Override
        long held() {
            return seen.held();
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (v == null || !seen.first(row)) {
                return;
            }
            if (bytes == null && v instanceof byte[]) {
                bytes = new ByteArrayOutputStream();
                bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (any) {
                append(separator);
            }
            any = true;
            append(v);
        }

        void append(Object v) {
            if (bytes == null) {
                text.append(textOf(v));
            } else {
                bytes.writeBytes(v instanceof byte[] b ? b : textOf(v).getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        void writeTo(Object[] values) {
            values[col] = !any ? null : bytes != null ? bytes.toByteArray() : text.toString();
        }

        /** How MySQL renders a non-string value inside GROUP_CONCAT (for the DISTINCT form's raw x). */
        private static String textOf(Object v) {
            return switch (v) {
                case String s -> s;
                case BigDecimal d -> d.toPlainString();
                case LocalDateTime t -> t.getNano() == 0 ? DATETIME.format(t) : DATETIME.format(t) + "."
                        + String.format("%06d", t.getNano() / 1000);
                default -> String.valueOf(v);
            };
        }
    }

    /**
     * GROUP_CONCAT(x ORDER BY k): the group's shard rows (value, sort keys, repeat count) are kept and
     * sorted when the group ends, then joined as {@link GroupConcat} joins them.
     */
    private static final class OrderedGroupConcat extends Accumulator {
        private final int col;
        private final int timesCol;
        private final Seen seen;
        private final HeldValues budget;
        private final Comparator<Row> order;
        private final String separator;
        private final List<Row> rows = new ArrayList<>();

        OrderedGroupConcat(int col, int timesCol, Seen seen, HeldValues budget, Comparator<Row> order,
                           String separator) {
            this.col = col;
            this.timesCol = timesCol;
            this.seen = seen;
            this.budget = budget;
            this.order = order;
            this.separator = separator;
        }

        @Override
        void add(Row row) {
            if (row.get(col) == null || !seen.first(row)) {
                return;
            }
            if (seen.keys == null) {
                budget.take(); // a DISTINCT value was counted by seen
            }
            rows.add(row);
        }

        @Override
        long held() {
            return seen.keys == null ? rows.size() : seen.held();
        }

        @Override
        void writeTo(Object[] values) {
            rows.sort(order); // stable: equal keys keep their arrival order
            GroupConcat joined = new GroupConcat(col, new Seen(null, null), separator);
            for (Row row : rows) {
                long times = timesCol < 0 ? 1 : NumericValues.toLong(row.get(timesCol));
                for (long i = 0; i < times; i++) {
                    joined.add(row);
                }
            }
            joined.writeTo(values);
        }
    }
}
