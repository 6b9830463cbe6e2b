package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * {@code INTERSECT [ALL]} and {@code EXCEPT [ALL]} of two inputs, as MariaDB computes them: rows are equal
 * when every column is equal under its collation (NULLs equal each other, as in DISTINCT). The left input
 * is read into memory first (one entry per distinct row, with its duplicates for ALL), then the right one is
 * opened and counted against it; the answer is in the left input's order.
 * <ul>
 *   <li>INTERSECT: each distinct left row found on the right; ALL: as many times as both sides have it;</li>
 *   <li>EXCEPT: each distinct left row not found on the right; ALL: left count minus right count times.</li>
 * </ul>
 * Memory: the left rows (distinct ones, or all of them for ALL), at most {@code rowBudget}; one more fails
 * the statement with 1038, as a sort over budget does.
 */
public final class MatchedRows implements RowStream {

    /** Which set operation. */
    public enum Kind { INTERSECT, EXCEPT }

    private static final class Entry {
        final List<Row> rows = new ArrayList<>(1);
        long matched;
    }

    private final Kind kind;
    private final boolean all;
    private final RowStream left;
    private final Supplier<RowStream> rightInput;
    private final long rowBudget;
    private final List<ColumnMeta> columns;
    private RowStream right;
    private List<Row> result;
    private int position;
    private boolean closed;

    public MatchedRows(Kind kind, boolean all, RowStream left, Supplier<RowStream> right, long rowBudget) {
        this.kind = kind;
        this.all = all;
        this.left = left;
        this.rightInput = right;
        this.rowBudget = rowBudget;
        this.columns = left.columns();
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        if (closed) {
            return null;
        }
        try {
            if (result == null) {
                result = compute();
            }
            return position < result.size() ? result.get(position++) : null;
        } catch (RuntimeException e) {
            closed = true;
            Streams.closeAll(right == null ? List.of(left) : List.of(left, right), e);
            throw e;
        }
    }

    private List<Row> compute() {
        GroupKey.Extractor keys = new GroupKey.Extractor(IntStream.range(0, columns.size()).boxed().toList(), columns);
        Map<GroupKey, Entry> held = new LinkedHashMap<>();
        long rows = 0;
        for (Row row; (row = left.next()) != null; ) {
            Entry e = held.computeIfAbsent(keys.keyOf(row), k -> new Entry());
            if (all || e.rows.isEmpty()) {
                if (++rows > rowBudget) {
                    throw overBudget();
                }
                e.rows.add(row);
            }
        }
        left.close();
        right = rightInput.get();
        UnionAll.requireSameColumns(columns, right.columns(), 2);
        for (Row row; (row = right.next()) != null; ) {
            Entry e = held.get(keys.keyOf(row));
            if (e != null) {
                e.matched++;
            }
        }
        right.close();
        List<Row> out = new ArrayList<>();
        for (Entry e : held.values()) {
            long keep = switch (kind) {
                case INTERSECT -> Math.min(e.rows.size(), e.matched);
                case EXCEPT -> all ? Math.max(0, e.rows.size() - e.matched) : e.matched == 0 ? 1 : 0;
            };
            for (int i = 0; i < keep; i++) {
                out.add(e.rows.get(i));
            }
        }
        return out;
    }

    private RowStreamException overBudget() {
        return new RowStreamException(1038, "HY001", "Out of sort memory: shardgate holds the rows of this "
                + "cross-shard " + kind + " itself and it needs more than " + rowBudget
                + " rows (proxy.max-sort-rows); narrow the first SELECT", true);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Streams.closeAll(right == null ? List.of(left) : List.of(left, right), null);
        }
    }

    @Override
    public String toString() {
        return Streams.nested("MatchedRows(" + kind + (all ? " ALL" : "") + ", left held in memory)", left);
    }
}
