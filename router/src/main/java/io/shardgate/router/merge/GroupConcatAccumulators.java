package io.shardgate.router.merge;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * GROUP_CONCAT's merge ({@link Accumulators}): non-NULL partials joined with the separator, in arrival order;
 * group_concat_max_len truncation is not applied to the merged value. With DISTINCT the x are de-duplicated
 * first. With ORDER BY the shards return each value with its sort keys (and, without DISTINCT, how often it
 * repeats), which are sorted per group when the group ends; values with equal keys keep their arrival order
 * (MySQL leaves it undefined).
 */
final class GroupConcatAccumulators {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private GroupConcatAccumulators() {
    }

    /** @param by what makes two values the same, for GROUP_CONCAT(DISTINCT ..); null without */
    static Supplier<Accumulators.Accumulator> factory(AggregateSpec spec, List<ColumnMeta> input,
                                                      Accumulators.Distinctness by, HeldValues budget) {
        int col = spec.column();
        String separator = spec.separator() == null ? "," : spec.separator();
        if (spec.order().isEmpty()) {
            return () -> new GroupConcat(col, new Accumulators.Seen(by, budget), separator);
        }
        Comparator<Row> order = concatOrder(spec.order(), input);
        return () -> new OrderedGroupConcat(col, spec.countColumn(), new Accumulators.Seen(by, budget), budget,
                order, separator);
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

    private static final class GroupConcat extends Accumulators.Accumulator {
        private final int col;
        private final Accumulators.Seen seen;
        private final String separator;
        private final StringBuilder text = new StringBuilder();
        /** Non-null once a binary partial arrived: the whole value is then binary. */
        private ByteArrayOutputStream bytes;
        private boolean any;

        GroupConcat(int col, Accumulators.Seen seen, String separator) {
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
    private static final class OrderedGroupConcat extends Accumulators.Accumulator {
        private final int col;
        private final int timesCol;
        private final Accumulators.Seen seen;
        private final HeldValues budget;
        private final Comparator<Row> order;
        private final String separator;
        private final List<Row> rows = new ArrayList<>();

        OrderedGroupConcat(int col, int timesCol, Accumulators.Seen seen, HeldValues budget, Comparator<Row> order,
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
            if (!seen.distinct()) {
                budget.take(); // a DISTINCT value was counted by seen
            }
            rows.add(row);
        }

        @Override
        long held() {
            return seen.distinct() ? seen.held() : rows.size();
        }

        @Override
        void writeTo(Object[] values) {
            rows.sort(order); // stable: equal keys keep their arrival order
            GroupConcat joined = new GroupConcat(col, new Accumulators.Seen(null, null), separator);
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
