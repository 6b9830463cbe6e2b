package io.shardgate.router.merge;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
 *       distinct non-NULL x are counted once across shards.
 *   <li>SUM: partial sums added, exactly (BigDecimal at the client column's scale) for DECIMAL results,
 *       as doubles for DOUBLE ones; NULL when every partial is NULL. SUM(DISTINCT x) adds each distinct x.
 *   <li>MIN/MAX: by the column's {@link ValueOrder}, NULLs ignored.
 *   <li>AVG: total of the partial SUMs / total of the hidden partial COUNTs, rounded half up to the client
 *       column's scale (argument decimals + 4); NULL when the count is 0. AVG(DISTINCT x) averages the
 *       distinct x. The hidden count column receives the total count.
 *   <li>GROUP_CONCAT: non-NULL partials joined with the separator, in arrival order. Correct only without
 *       ORDER BY inside GROUP_CONCAT (shard partials cannot be interleaved by it); group_concat_max_len
 *       truncation is not applied to the merged value. With DISTINCT the x are de-duplicated first.
 * </ul>
 * Memory: constant per group, except the DISTINCT forms, which keep one key per distinct x of the group.
 */
final class Accumulators {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Accumulators() {
    }

    /** One aggregate's running state for one group. */
    abstract static class Accumulator {
        abstract void add(Row row);

        abstract void writeTo(Object[] values);
    }

    /**
     * The factory of accumulators for one aggregate column.
     *
     * @param input the columns of the shard rows (partials)
     * @param output the client-visible columns ({@link AggregateTypes#clientColumns})
     */
    static Supplier<Accumulator> factory(AggregateSpec spec, List<ColumnMeta> input, List<ColumnMeta> output) {
        int col = spec.column();
        ColumnMeta partial = input.get(col);
        boolean exact = AggregateTypes.addsDecimals(partial);
        int scale = output.get(col).decimals();
        boolean distinct = spec.distinct();
        return switch (spec.function()) {
            case COUNT -> () -> new Count(col, distinct ? ValueOrder.forColumn(partial) : null);
            case SUM -> () -> new Sum(col, distinct ? ValueOrder.forColumn(partial) : null, exact, scale);
            case MIN -> () -> new Extreme(col, ValueOrder.forColumn(partial), false);
            case MAX -> () -> new Extreme(col, ValueOrder.forColumn(partial), true);
            case AVG -> {
                if (!distinct && spec.countColumn() < 0) {
                    throw new IllegalArgumentException("AVG over column " + col
                            + " needs the hidden partial COUNT column (countColumn)");
                }
                yield () -> new Avg(col, spec.countColumn(), distinct ? ValueOrder.forColumn(partial) : null,
                        exact, scale);
            }
            case GROUP_CONCAT -> () -> new GroupConcat(col, distinct ? ValueOrder.forColumn(partial) : null,
                    spec.separator() == null ? "," : spec.separator());
        };
    }

    /** Tracks the distinct values of one group; null order = not DISTINCT (every value counts). */
    private static final class Seen {
        private final ValueOrder order;
        private final Set<Object> keys;

        Seen(ValueOrder order) {
            this.order = order;
            this.keys = order == null ? null : new HashSet<>();
        }

        boolean first(Object value) {
            return keys == null || keys.add(order.key(value));
        }
    }

    private static final class Count extends Accumulator {
        private final int col;
        private final Seen seen;
        private final boolean distinct;
        private long total;

        Count(int col, ValueOrder distinctBy) {
            this.col = col;
            this.distinct = distinctBy != null;
            this.seen = new Seen(distinctBy);
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (v == null) {
                return;
            }
            if (distinct) {
                total += seen.first(v) ? 1 : 0;
            } else {
                total += NumericValues.toLong(v);
            }
        }

        @Override
        void writeTo(Object[] values) {
            values[col] = total;
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

        Sum(int col, ValueOrder distinctBy, boolean exact, int scale) {
            this.col = col;
            this.seen = new Seen(distinctBy);
            this.total = new Total(exact);
            this.scale = scale;
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (v != null && seen.first(v)) {
                total.add(v);
            }
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

        Avg(int col, int countCol, ValueOrder distinctBy, boolean exact, int scale) {
            this.col = col;
            this.countCol = countCol;
            this.distinct = distinctBy != null;
            this.seen = new Seen(distinctBy);
            this.sum = new Total(exact);
            this.scale = scale;
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (distinct) {
                if (v != null && seen.first(v)) {
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

        GroupConcat(int col, ValueOrder distinctBy, String separator) {
            this.col = col;
            this.seen = new Seen(distinctBy);
            this.separator = separator;
        }

        @Override
        void add(Row row) {
            Object v = row.get(col);
            if (v == null || !seen.first(v)) {
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

        private void append(Object v) {
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
}
