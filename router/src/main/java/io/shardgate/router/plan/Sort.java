package io.shardgate.router.plan;

import io.shardgate.router.merge.MemorySort;
import io.shardgate.router.merge.SortKey;
import java.util.List;

/**
 * ORDER BY that the shards could not do themselves: over merged groups ({@code ORDER BY COUNT(*) DESC}
 * after a GROUP BY), or over shards that could not be merged in order.
 *
 * <p><b>Chosen when opened:</b> nothing, when the input already arrives in this order ({@link MergeShards}
 * merged the shards in order, {@link Aggregate} streamed over the same keys, or at most one row);
 * otherwise a {@link MemorySort}, which holds the rows (only the best {@link #needed()} of them in a heap
 * when that is bounded) up to {@link ReadContext#maxSortRows()}, beyond which the statement fails with
 * 1038.
 *
 * @param keys the order, most significant first (negative columns count from the end, see
 *     {@link ReadPlan})
 * @param needed how many of the first rows in this order the plan uses (offset + count of the LIMIT
 *     above); {@link Long#MAX_VALUE} for all
 */
public record Sort(ReadPlan input, List<SortKey> keys, long needed) implements ReadPlan {

    public Sort {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || needed < 0) {
            throw new IllegalArgumentException("sort on " + keys + " keeping " + needed);
        }
    }

    /** A sort of every row. */
    public Sort(ReadPlan input, List<SortKey> keys) {
        this(input, keys, Long.MAX_VALUE);
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        int width = in.rows().columns().size();
        List<SortKey> order = keys.stream().map(k -> k.absolute(width)).toList();
        if (in.sortedBy(order)) {
            return in;
        }
        return new Opened(new MemorySort(in.rows(), order, needed, context.maxSortRows()), order, false);
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Sort ").append(keys).append(needed == Long.MAX_VALUE ? "" : ", first " + needed)
                .append(" (none if the input is in this order)\n");
        input.describeTo(out, indent + 1);
    }
}
