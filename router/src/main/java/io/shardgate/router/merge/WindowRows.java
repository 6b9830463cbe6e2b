package io.shardgate.router.merge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over merged rows, with MySQL's default frame: the input arrives sorted by the window's
 * PARTITION BY columns, then its ORDER BY keys (the shards were sent that ORDER BY and an
 * {@link OrderedMerge} combined them), so a partition's rows are adjacent and in window order.
 *
 * <ul>
 *   <li>ROW_NUMBER counts the partition's rows; RANK is the row number of the first of its peers (rows
 *       equal on the ORDER BY keys); DENSE_RANK counts the groups of peers.
 *   <li>COUNT(*), COUNT, SUM, AVG, MIN, MAX over RANGE UNBOUNDED PRECEDING .. CURRENT ROW: every row before
 *       it in the partition and all its peers; without ORDER BY every row is a peer, so the whole partition.
 *       Types and values as {@link AggregateTypes} and the GROUP BY merge: SUM of integers and DECIMAL is an
 *       exact DECIMAL, AVG adds 4 decimals, COUNT is a BIGINT.
 *   <li>LAG(x, n) is x of the n-th row before in the partition, LEAD(x, n) of the n-th after, else NULL
 *       (MariaDB has no default argument).
 * </ul>
 *
 * <p>Memory: one group of peers at a time (the rows the frame ends with must all be read before the first
 * of them has its value); with LEAD, one partition. Beyond {@code rowBudget} rows the statement fails with
 * 1038 instead of holding more. LAG keeps its last n values.
 *
 * <p>A row that sorts before the previous one on those keys means the input was not sorted as promised:
 * a {@link RowStreamException} is raised rather than a wrong value.
 */
public final class WindowRows implements RowStream {

    /** Stands for NULL in LAG's queue (an ArrayDeque holds no nulls). */
    private static final Object NULL = new Object();

    private final RowStream input;
    private final RowComparator partition;
    private final RowComparator peers;
    private final WindowCall[] calls;
    private final List<ColumnMeta> output;
    private final long rowBudget;
    private final boolean wholePartition;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private Row pending;
    private Row partitionFirst;
    private boolean done;
    /** The input returned its last row: not asked again. */
    private boolean inputEnded;
    /** State of the current partition: rows emitted, groups of peers seen, one running value per call. */
    private long position;
    private long peerGroups;
    private Running[] running;
    private final List<ArrayDeque<Object>> lagged = new ArrayList<>();

    /**
     * @param partitionBy the PARTITION BY columns (absolute), ascending in the input
     * @param orderBy the window's ORDER BY keys (absolute), after the partition columns in the input
     * @param rowBudget the most rows held at once (a group of peers, or a partition with LEAD)
     */
    public WindowRows(RowStream input, List<Integer> partitionBy, List<SortKey> orderBy, List<WindowCall> calls,
                      long rowBudget) {
        this.input = input;
        List<ColumnMeta> in = input.columns();
        this.partition = RowComparator.ascending(partitionBy, in);
        this.peers = new RowComparator(orderBy, in);
        this.calls = calls.toArray(WindowCall[]::new);
        this.rowBudget = rowBudget;
        this.wholePartition = calls.stream().anyMatch(c -> c.function() == WindowCall.Function.LEAD);
        if (calls.stream().anyMatch(WindowCall::needsPartition)) {
            throw new IllegalArgumentException("frames and distribution functions are PartitionWindowRows' work");
        }
        WindowTypes.requireExact(partition, peers);
        this.output = WindowTypes.output(this.calls, in);
    }

    @Override
    public List<ColumnMeta> columns() {
        return output;
    }

    @Override
    public Row next() {
        while (ready.isEmpty() && !done) {
            fill();
        }
        return ready.poll();
    }

    /** Reads the next group of peers (or, with LEAD, the rest of the partition) and computes its rows. */
    private void fill() {
        if (pending == null) {
            pending = inputEnded ? null : input.next();
            if (pending == null) {
                done = true;
                input.close();
                return;
            }
        }
        if (partitionFirst == null || partition.compare(partitionFirst, pending) != 0) {
            if (partitionFirst != null && partition.compare(partitionFirst, pending) > 0) {
                throw Streams.outOfOrder("window PARTITION BY", partition, partitionFirst, pending);
            }
            startPartition(pending);
        }
        List<Row> chunk = new ArrayList<>();
        chunk.add(pending);
        pending = null;
        while (true) {
            Row row = input.next();
            if (row == null) {
                inputEnded = true;
                break;
            }
            if (partition.compare(partitionFirst, row) != 0) {
                pending = row;
                break;
            }
            int c = peers.compare(chunk.getLast(), row);
            if (c > 0) {
                throw Streams.outOfOrder("window ORDER BY", peers, chunk.getLast(), row);
            }
            if (c < 0 && !wholePartition) {
                pending = row;
                break;
            }
            if (chunk.size() >= rowBudget) {
                throw overBudget();
            }
            chunk.add(row);
        }
        int start = 0;
        while (start < chunk.size()) {
            int end = start + 1;
            while (end < chunk.size() && peers.compare(chunk.get(start), chunk.get(end)) == 0) {
                end++;
            }
            emitPeers(chunk, start, end);
            start = end;
        }
    }

    private void startPartition(Row first) {
        partitionFirst = first;
        position = 0;
        peerGroups = 0;
        running = new Running[calls.length];
        lagged.clear();
        for (int k = 0; k < calls.length; k++) {
            lagged.add(calls[k].function() == WindowCall.Function.LAG ? new ArrayDeque<>() : null);
            if (calls[k].function().aggregate()) {
                running[k] = new Running(calls[k], input.columns().get(calls[k].column()),
                        output.get(calls[k].column()));
            }
        }
    }

    /** Rows [start, end) of the chunk are peers: the frame of each ends with the last of them. */
    private void emitPeers(List<Row> chunk, int start, int end) {
        for (Running r : running) {
            if (r != null) {
                for (int i = start; i < end; i++) {
                    r.add(chunk.get(i));
                }
            }
        }
        peerGroups++;
        long rank = position + 1;
        for (int i = start; i < end; i++) {
            Row row = chunk.get(i);
            position++;
            Object[] values = row.values().clone();
            for (int k = 0; k < calls.length; k++) {
                WindowCall call = calls[k];
                int col = call.column();
                values[col] = switch (call.function()) {
                    case ROW_NUMBER -> position;
                    case RANK -> rank;
                    case DENSE_RANK -> peerGroups;
                    case COUNT_ROWS, COUNT, SUM, AVG, MIN, MAX -> running[k].value();
                    case LAG -> lag(lagged.get(k), call.offset(), row.get(col));
                    case LEAD -> i + call.offset() < chunk.size()
                            ? chunk.get((int) (i + call.offset())).get(col) : null;
                    default -> throw new IllegalArgumentException(call + " needs its partition whole");
                };
            }
            ready.add(new Row(values));
        }
    }

    /** LAG's value from the last {@code offset} values of the partition; then {@code current} joins them. */
    private static Object lag(ArrayDeque<Object> last, long offset, Object current) {
        if (offset == 0) {
            return current;
        }
        Object value = last.size() == offset ? last.peekFirst() : null;
        last.addLast(current == null ? NULL : current);
        if (last.size() > offset) {
            last.pollFirst();
        }
        return value == NULL ? null : value;
    }

    private RowStreamException overBudget() {
        return new RowStreamException(1038, "HY001", "Out of sort memory: shardgate computes this window function "
                + "across shards itself and holds " + (wholePartition ? "a partition (for LEAD)"
                : "a group of rows equal on the window's PARTITION BY and ORDER BY") + " of more than " + rowBudget
                + " rows (proxy.max-sort-rows); partition by the shard key to run it on each shard");
    }

    @Override
    public void close() {
        done = true;
        ready.clear();
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("WindowRows(partition " + partition + "; order " + peers + "; " + List.of(calls) + ")",
                input);
    }

    /** An aggregate's value over the rows of the frame so far (frames only grow, within a partition). */
    private static final class Running {
        private final WindowCall.Function function;
        private final int col;
        private final ValueOrder order;
        private final boolean exact;
        private final int scale;
        private long count;
        private BigDecimal decimal = BigDecimal.ZERO;
        private double floating;
        private Object best;

        Running(WindowCall call, ColumnMeta argument, ColumnMeta result) {
            this.function = call.function();
            this.col = call.column();
            this.order = ValueOrder.forColumn(argument);
            this.exact = AggregateTypes.addsDecimals(argument);
            this.scale = result.decimals();
        }

        void add(Row row) {
            if (function == WindowCall.Function.COUNT_ROWS) {
                count++;
                return;
            }
            Object v = row.get(col);
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
                case MIN -> best = best == null || order.compare(v, best) < 0 ? v : best;
                case MAX -> best = best == null || order.compare(v, best) > 0 ? v : best;
                default -> {
                }
            }
        }

        Object value() {
            return switch (function) {
                case COUNT_ROWS, COUNT -> count;
                case SUM -> count == 0 ? null
                        : exact ? decimal.setScale(scale, RoundingMode.HALF_UP) : (Object) floating;
                case AVG -> count == 0 ? null : exact
                        ? decimal.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP)
                        : (Object) (floating / count);
                case MIN, MAX -> best;
                default -> throw new IllegalStateException(function.name());
            };
        }
    }
}
