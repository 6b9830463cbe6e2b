package io.shardgate.router.merge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions that need a whole partition, over merged rows sorted by the window's PARTITION BY
 * columns, then its ORDER BY keys ({@link WindowRows} computes the rest while streaming): each partition
 * is read whole, then every function is computed over it.
 *
 * <ul>
 *   <li>NTILE(n) splits the partition into n buckets in order, the first {@code rows % n} one row larger;
 *       PERCENT_RANK is {@code (rank - 1) / (rows - 1)} (0 for one row); CUME_DIST is the rows up to the
 *       current one's last peer over the partition's rows.
 *   <li>FIRST_VALUE, LAST_VALUE and NTH_VALUE(x, n) take x of the frame's first, last and n-th row (NULL
 *       when the frame has fewer rows), and COUNT / SUM / AVG / MIN / MAX aggregate the frame: an explicit
 *       one ({@link WindowFrame}), else MySQL's default RANGE UNBOUNDED PRECEDING .. CURRENT ROW (up to
 *       the last peer; without ORDER BY every row is a peer, so the whole partition). Frames only move
 *       forward, so each aggregate slides: rows enter at the end, leave at the start, as MariaDB computes it.
 *   <li>ROW_NUMBER, RANK, DENSE_RANK, LAG and LEAD as {@link WindowRows} when they share the pass.
 * </ul>
 *
 * <p>Memory: one partition; beyond {@code rowBudget} rows the statement fails with 1038 instead of holding
 * more. Rows out of the promised order raise a {@link RowStreamException} rather than a wrong value.
 */
public final class PartitionWindowRows implements RowStream {

    /** MySQL's ER_NOT_SUPPORTED_YET. */
    private static final int ER_NOT_SUPPORTED_YET = 1235;
    /** MySQL's default frame: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
    private static final WindowFrame DEFAULT_FRAME = new WindowFrame(false,
            new WindowFrame.Bound(WindowFrame.Kind.UNBOUNDED_PRECEDING, 0),
            new WindowFrame.Bound(WindowFrame.Kind.CURRENT_ROW, 0));

    /** 10^10: PERCENT_RANK and CUME_DIST have 10 decimals. */
    private static final double DISTRIBUTION_SCALE = 1e10;

    private final RowStream input;
    private final RowComparator partition;
    private final RowComparator peers;
    private final WindowCall[] calls;
    private final List<ColumnMeta> output;
    private final long rowBudget;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private Row pending;
    private boolean done;

    /**
     * @param partitionBy the PARTITION BY columns (absolute), ascending in the input
     * @param orderBy the window's ORDER BY keys (absolute), after the partition columns in the input
     * @param rowBudget the most rows of one partition held at once
     */
    public PartitionWindowRows(RowStream input, List<Integer> partitionBy, List<SortKey> orderBy,
                               List<WindowCall> calls, long rowBudget) {
        this.input = input;
        List<ColumnMeta> in = input.columns();
        this.partition = RowComparator.ascending(partitionBy, in);
        this.peers = new RowComparator(orderBy, in);
        this.calls = calls.toArray(WindowCall[]::new);
        this.rowBudget = rowBudget;
        WindowTypes.requireExact(partition, peers);
        for (WindowCall call : this.calls) {
            if (call.frame() != null && call.frame().valueOffsets() && (peers.keys().size() != 1
                    || !RangeOffsets.numeric(in.get(peers.keys().getFirst().column())))) {
                throw new RowStreamException(ER_NOT_SUPPORTED_YET, "42000", "RANGE frames with a value offset "
                        + "over a window not ordered by one number, across shards");
            }
        }
        this.output = WindowTypes.output(this.calls, in);
    }

    @Override
    public List<ColumnMeta> columns() {
        return output;
    }

    @Override
    public Row next() {
        while (ready.isEmpty() && !done) {
            List<Row> rows = readPartition();
            if (rows == null) {
                done = true;
                input.close();
            } else {
                compute(rows);
            }
        }
        return ready.poll();
    }

    /** The next partition's rows, in window order; null at the end of the input. */
    private List<Row> readPartition() {
        Row first = pending != null ? pending : input.next();
        pending = null;
        if (first == null) {
            return null;
        }
        List<Row> rows = new ArrayList<>();
        rows.add(first);
        for (Row row = input.next(); row != null; row = input.next()) {
            int p = partition.compare(first, row);
            if (p > 0) {
                throw Streams.outOfOrder("window PARTITION BY", partition, first, row);
            }
            if (p < 0) {
                pending = row;
                break;
            }
            if (peers.compare(rows.getLast(), row) > 0) {
                throw Streams.outOfOrder("window ORDER BY", peers, rows.getLast(), row);
            }
            if (rows.size() >= rowBudget) {
                throw new RowStreamException(1038, "HY001", "Out of sort memory: shardgate computes this window "
                        + "function across shards itself and holds a partition of more than " + rowBudget
                        + " rows (proxy.max-sort-rows); partition by the shard key to run it on each shard");
            }
            rows.add(row);
        }
        return rows;
    }

    private void compute(List<Row> rows) {
        int n = rows.size();
        int[] peerStart = new int[n];
        int[] peerEnd = new int[n];
        int[] peerGroup = new int[n];
        for (int start = 0, group = 0; start < n; group++) {
            int end = start + 1;
            while (end < n && peers.compare(rows.get(start), rows.get(end)) == 0) {
                end++;
            }
            for (int i = start; i < end; i++) {
                peerStart[i] = start;
                peerEnd[i] = end;
                peerGroup[i] = group;
            }
            start = end;
        }
        Object[][] values = new Object[n][];
        for (int i = 0; i < n; i++) {
            values[i] = rows.get(i).values().clone();
        }
        for (WindowCall call : calls) {
            int col = call.column();
            if (call.function().aggregate()) {
                aggregate(call, rows, peerStart, peerEnd, values);
                continue;
            }
            long[][] frames = frames(call, rows, peerStart, peerEnd);
            long k = call.offset();
            for (int i = 0; i < n; i++) {
                long lo = frames[0][i];
                long hi = frames[1][i];
                values[i][col] = switch (call.function()) {
                    case ROW_NUMBER -> (long) i + 1;
                    case RANK -> (long) peerStart[i] + 1;
                    case DENSE_RANK -> (long) peerGroup[i] + 1;
                    case NTILE -> ntile(i, n, k);
                    case PERCENT_RANK -> distribution(n > 1 ? (double) peerStart[i] / (n - 1) : 0.0);
                    case CUME_DIST -> distribution((double) peerEnd[i] / n);
                    case LAG -> i - k >= 0 ? rows.get((int) (i - k)).get(col) : null;
                    case LEAD -> i + k < n ? rows.get((int) (i + k)).get(col) : null;
                    case FIRST_VALUE -> lo < hi ? rows.get((int) lo).get(col) : null;
                    case LAST_VALUE -> lo < hi ? rows.get((int) hi - 1).get(col) : null;
                    case NTH_VALUE -> k >= 1 && lo + k - 1 < hi ? rows.get((int) (lo + k - 1)).get(col) : null;
                    default -> throw new IllegalStateException(call.toString());
                };
            }
        }
        for (Object[] v : values) {
            ready.add(new Row(v));
        }
    }

    /**
     * Each row's frame [lo, hi) for {@code call}: {lo[], hi[]}, within the partition, an empty one where the
     * frame ends before it starts. Frames only move forward as the current row does.
     */
    private long[][] frames(WindowCall call, List<Row> rows, int[] peerStart, int[] peerEnd) {
        int n = rows.size();
        WindowFrame frame = call.frame() == null ? DEFAULT_FRAME : call.frame();
        long[] lo = new long[n];
        long[] hi = new long[n];
        if (frame.valueOffsets()) {
            SortKey key = peers.keys().getFirst();
            RangeOffsets.bounds(rows, key.column(), key.descending(), frame, peerStart, peerEnd, lo, hi);
        } else {
            for (int i = 0; i < n; i++) {
                lo[i] = frame.first(i, peerStart[i]);
                hi[i] = frame.end(i, peerEnd[i], n);
            }
        }
        for (int i = 0; i < n; i++) {
            lo[i] = Math.min(lo[i], n);
            hi[i] = Math.max(Math.min(hi[i], n), lo[i]);
        }
        return new long[][] {lo, hi};
    }

    /**
     * PERCENT_RANK's and CUME_DIST's value as MariaDB returns it: stored in a DOUBLE column of 10 decimals,
     * which rounds the fraction half to even at 10 digits ({@code Field_real::truncate_double}); the binary
     * protocol shows it (0.0005002501, not 0.0005002501250625).
     */
    static double distribution(double v) {
        double whole = Math.floor(v);
        return whole + Math.rint((v - whole) * DISTRIBUTION_SCALE) / DISTRIBUTION_SCALE;
    }

    /** NTILE's bucket of row {@code i} of {@code n}: the first {@code n % buckets} buckets hold one more row. */
    static long ntile(long i, long n, long buckets) {
        long small = n / buckets;
        long large = n % buckets;
        long inLarge = large * (small + 1);
        return i < inLarge ? i / (small + 1) + 1 : large + (i - inLarge) / small + 1;
    }

    private void aggregate(WindowCall call, List<Row> rows, int[] peerStart, int[] peerEnd, Object[][] values) {
        int n = rows.size();
        int col = call.column();
        long[][] frames = frames(call, rows, peerStart, peerEnd);
        Sliding s = new Sliding(call.function(), input.columns().get(col), output.get(col));
        int in = 0;
        int out = 0;
        for (int i = 0; i < n; i++) {
            int lo = (int) frames[0][i];
            int hi = (int) frames[1][i];
            for (; in < hi; in++) {
                s.add(in, rows.get(in).get(col));
            }
            for (; out < lo; out++) {
                s.remove(out, rows.get(out).get(col));
            }
            values[i][col] = s.value();
        }
    }

    @Override
    public void close() {
        done = true;
        ready.clear();
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("PartitionWindowRows(partition " + partition + "; order " + peers + "; "
                + List.of(calls) + ")", input);
    }

    /**
     * An aggregate over a frame that slides forward: values enter at its end and leave at its start. MIN and
     * MAX keep the entered values that can still become the extreme (a monotonic queue of row indexes).
     */
    private static final class Sliding {
        private final WindowCall.Function function;
        private final ValueOrder order;
        private final boolean exact;
        private final int scale;
        private final ArrayDeque<Integer> extremes = new ArrayDeque<>();
        private final ArrayDeque<Object> extremeValues = new ArrayDeque<>();
        private long rows;
        private long count;
        private BigDecimal decimal = BigDecimal.ZERO;
        private double floating;

        Sliding(WindowCall.Function function, ColumnMeta argument, ColumnMeta result) {
            this.function = function;
            this.order = ValueOrder.forColumn(argument);
            this.exact = AggregateTypes.addsDecimals(argument);
            this.scale = result.decimals();
        }

        void add(int index, Object v) {
            rows++;
            if (v == null) {
                return;
            }
            count++;
            switch (function) {
                case SUM, AVG -> {
                    if (exact) {
                        decimal = decimal.add(NumericValues.toBigDecimal(v));
                    } else {
                        floating += NumericValues.toDouble(v);
                    }
                }
                case MIN, MAX -> {
                    int sign = function == WindowCall.Function.MIN ? 1 : -1;
                    while (!extremeValues.isEmpty() && sign * order.compare(extremeValues.peekLast(), v) > 0) {
                        extremes.pollLast();
                        extremeValues.pollLast();
                    }
                    extremes.addLast(index);
                    extremeValues.addLast(v);
                }
                default -> {
                }
            }
        }

        void remove(int index, Object v) {
            rows--;
            if (v == null) {
                return;
            }
            count--;
            switch (function) {
                case SUM, AVG -> {
                    if (exact) {
                        decimal = decimal.subtract(NumericValues.toBigDecimal(v));
                    } else {
                        floating -= NumericValues.toDouble(v);
                    }
                }
                case MIN, MAX -> {
                    if (!extremes.isEmpty() && extremes.peekFirst() == index) {
                        extremes.pollFirst();
                        extremeValues.pollFirst();
                    }
                }
                default -> {
                }
            }
        }

        Object value() {
            return switch (function) {
                case COUNT_ROWS -> rows;
                case COUNT -> count;
                case SUM -> count == 0 ? null
                        : exact ? decimal.setScale(scale, RoundingMode.HALF_UP) : (Object) floating;
                case AVG -> count == 0 ? null : exact
                        ? decimal.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP)
                        : (Object) (floating / count);
                case MIN, MAX -> extremeValues.peekFirst();
                default -> throw new IllegalStateException(function.name());
            };
        }
    }
}
