package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * ORDER BY that the shards could not do: over merged groups (ORDER BY COUNT(*) DESC after a GROUP BY), or
 * over rows the shards did not sort as the client asked.
 *
 * <p>Memory contract: not streaming. Holds every input row, or with a row bound (LIMIT offset + count)
 * only the best {@code maxRows} rows in a heap, so {@code ORDER BY x LIMIT 10} over a million groups keeps
 * ten. The input is read to its end (and closed) on the first {@link #next()}. The sort is stable: rows
 * with equal keys keep their input order. A row budget bounds what it may hold: one row more fails the
 * statement with MySQL's "out of sort memory" (1038) instead of exhausting the proxy's heap.
 */
public final class MemorySort implements RowStream {

    private final RowStream input;
    private final RowComparator order;
    private final long maxRows;
    private final long rowBudget;
    private List<Row> sorted;
    private int position;
    private boolean done;

    /**
     * @param maxRows how many of the first rows in sort order are needed; {@link Long#MAX_VALUE} for all
     */
    public MemorySort(RowStream input, List<SortKey> keys, long maxRows) {
        this(input, keys, maxRows, Long.MAX_VALUE);
    }

    /**
     * @param maxRows how many of the first rows in sort order are needed; {@link Long#MAX_VALUE} for all
     * @param rowBudget the most rows this sort may hold at once
     */
    public MemorySort(RowStream input, List<SortKey> keys, long maxRows, long rowBudget) {
        if (maxRows < 0 || rowBudget < 1) {
            throw new IllegalArgumentException("row bound " + maxRows + ", budget " + rowBudget);
        }
        this.input = input;
        this.order = new RowComparator(keys, input.columns());
        this.maxRows = maxRows;
        this.rowBudget = rowBudget;
    }

    @Override
    public List<ColumnMeta> columns() {
        return input.columns();
    }

    @Override
    public Row next() {
        if (done) {
            return null;
        }
        if (sorted == null) {
            sorted = maxRows < Integer.MAX_VALUE ? readBest() : readAll();
            input.close();
        }
        if (position == sorted.size()) {
            done = true;
            sorted = null;
            return null;
        }
        // release each row once returned, so memory shrinks as the client reads
        return sorted.set(position++, null);
    }

    private List<Row> readAll() {
        List<Row> rows = new ArrayList<>();
        for (Row row; (row = input.next()) != null; ) {
            if (rows.size() == rowBudget) {
                throw overBudget();
            }
            rows.add(row);
        }
        rows.sort(order);
        return rows;
    }

    private record Ranked(Row row, long seq) {
    }

    /** Bounded max-heap of the best rows; ties broken by arrival so the result is the stable sort's prefix. */
    private List<Row> readBest() {
        Comparator<Ranked> ranked = Comparator.<Ranked, Row>comparing(Ranked::row, order)
                .thenComparingLong(Ranked::seq);
        PriorityQueue<Ranked> best = new PriorityQueue<>(ranked.reversed());
        long seq = 0;
        for (Row row; (row = input.next()) != null; ) {
            if (maxRows == 0) {
                continue;
            }
            Ranked r = new Ranked(row, seq++);
            if (best.size() < maxRows) {
                if (best.size() == rowBudget) {
                    throw overBudget();
                }
                best.add(r);
            } else if (ranked.compare(r, best.peek()) < 0) {
                best.poll();
                best.add(r);
            }
        }
        List<Ranked> rows = new ArrayList<>(best);
        rows.sort(ranked);
        List<Row> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.row()));
        return out;
    }

    private RowStreamException overBudget() {
        return new RowStreamException(1038, "HY001", "Out of sort memory: shardgate sorts this cross-shard ORDER BY"
                + " itself and it needs more than " + rowBudget + " rows (proxy.max-sort-rows); add a LIMIT, or run"
                + " it outside a transaction so each shard streams on its own connection");
    }

    @Override
    public void close() {
        done = true;
        sorted = null;
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("MemorySort(" + order + (maxRows == Long.MAX_VALUE ? "" : "; keep " + maxRows) + ")",
                input);
    }
}
