package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The operator under a plan's {@code Distinct} node: each shard already returned distinct rows, this drops
 * the rows another shard returned too. Equality is on the visible columns (the first {@code visibleColumns}),
 * under each column's collation; the first occurrence is kept, so the input's order is preserved.
 *
 * <p>Two modes, chosen when the plan node is opened:
 * <ul>
 *   <li>{@link #sorted}: the input is sorted on keys that cover exactly the visible columns (an
 *       {@link OrderedMerge} over shards that got that ORDER BY), so duplicates are adjacent. Streaming;
 *       memory: the last returned row. Rows out of that order raise a {@link RowStreamException} rather
 *       than leak duplicates.
 *   <li>{@link #hashed}: any input order. Streaming too (a row is returned the first time its key is
 *       seen) but memory grows with the result: one key per distinct row.
 * </ul>
 */
public final class DistinctRows implements RowStream {

    private final RowStream input;
    private final RowComparator sortedOn;
    private final GroupKey.Extractor keys;
    private final Set<GroupKey> seen;
    private Row previous;

    private DistinctRows(RowStream input, RowComparator sortedOn, GroupKey.Extractor keys) {
        this.input = input;
        this.sortedOn = sortedOn;
        this.keys = keys;
        this.seen = keys == null ? null : new HashSet<>();
    }

    /**
     * Streaming distinct over input sorted by {@code inputOrder}, whose columns must be exactly the
     * visible columns (in any order and direction).
     */
    public static DistinctRows sorted(RowStream input, List<SortKey> inputOrder,
                                  int visibleColumns) {
        Set<Integer> keyColumns = new HashSet<>();
        inputOrder.forEach(k -> keyColumns.add(k.column()));
        if (!keyColumns.equals(new HashSet<>(range(visibleColumns)))) {
            throw new IllegalArgumentException("sorted distinct needs the input sorted on exactly the "
                    + visibleColumns + " visible columns, not on " + inputOrder);
        }
        return new DistinctRows(input, new RowComparator(inputOrder, input.columns()), null);
    }

    /** Distinct by a hash set of the rows seen so far: memory one key per distinct row. */
    public static DistinctRows hashed(RowStream input, int visibleColumns) {
        return new DistinctRows(input, null, new GroupKey.Extractor(range(visibleColumns), input.columns()));
    }

    private static List<Integer> range(int n) {
        return new ArrayList<>(IntStream.range(0, n).boxed().toList());
    }

    @Override
    public List<ColumnMeta> columns() {
        return input.columns();
    }

    @Override
    public Row next() {
        for (Row row; (row = input.next()) != null; ) {
            if (sortedOn != null) {
                int c = previous == null ? -1 : sortedOn.compare(previous, row);
                if (c > 0) {
                    throw Streams.outOfOrder("DISTINCT", sortedOn, previous, row);
                }
                if (c < 0) {
                    previous = row;
                    return row;
                }
            } else if (seen.add(keys.keyOf(row))) {
                return row;
            }
        }
        return null;
    }

    @Override
    public void close() {
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested(sortedOn != null ? "Distinct(sorted on " + sortedOn + ")" : "Distinct(hashed)", input);
    }
}
