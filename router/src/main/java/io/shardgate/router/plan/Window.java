package io.shardgate.router.plan;

import io.shardgate.router.merge.MemorySort;
import io.shardgate.router.merge.PartitionWindowRows;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.SortKey;
import io.shardgate.router.merge.WindowCall;
import io.shardgate.router.merge.WindowRows;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions over one window (PARTITION BY and ORDER BY) computed over the merged rows of the shards,
 * when a window's partitions span shards (its PARTITION BY holds no shard key): ROW_NUMBER, RANK,
 * DENSE_RANK, COUNT / SUM / AVG / MIN / MAX with the default frame, LAG and LEAD streaming
 * ({@link WindowRows}); NTILE, PERCENT_RANK, CUME_DIST, FIRST_VALUE, LAST_VALUE, NTH_VALUE and explicit
 * frames over partitions held whole ({@link PartitionWindowRows}). Each function's column, which holds its
 * argument when it arrives, receives its value; a row keeps its width. Several windows are several nodes,
 * one above the other, each sorting its input into its own order.
 *
 * <p><b>Chosen when opened:</b> nothing more when the input arrives sorted by the partition columns, then
 * the window's ORDER BY ({@link MergeShards} merged the shards in that order); otherwise a
 * {@link MemorySort} into that order first, up to {@link ReadContext#maxSortRows()} rows. The window itself
 * holds one group of peers at a time (a partition with LEAD or a function that needs it), within the same
 * budget.
 *
 * @param partitionBy the PARTITION BY columns (negative columns count from the end, see {@link ReadPlan})
 * @param orderBy the window's ORDER BY keys
 * @param calls the window functions over this window
 */
public record Window(ReadPlan input, List<Integer> partitionBy, List<SortKey> orderBy, List<WindowCall> calls)
        implements ReadPlan {

    public Window {
        partitionBy = List.copyOf(partitionBy);
        orderBy = List.copyOf(orderBy);
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a window without functions");
        }
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        int width = in.rows().columns().size();
        List<Integer> partition = partitionBy.stream().map(c -> c < 0 ? width + c : c).toList();
        List<SortKey> peers = orderBy.stream().map(k -> k.absolute(width)).toList();
        List<SortKey> order = new ArrayList<>();
        partition.forEach(c -> order.add(new SortKey(c, false)));
        order.addAll(peers);
        RowStream rows = in.rows();
        if (!order.isEmpty() && !in.sortedBy(order)) {
            rows = new MemorySort(rows, order, Long.MAX_VALUE, context.maxSortRows());
        }
        List<WindowCall> absolute = calls.stream().map(c -> c.absolute(width)).toList();
        RowStream computed = holdsPartition()
                ? new PartitionWindowRows(rows, partition, peers, absolute, context.maxSortRows())
                : new WindowRows(rows, partition, peers, absolute, context.maxSortRows());
        return new Opened(computed, order, false);
    }

    /** NTILE, PERCENT_RANK, CUME_DIST, the value functions and explicit frames need the partition whole. */
    private boolean holdsPartition() {
        return calls.stream().anyMatch(WindowCall::needsPartition);
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Window ").append(calls)
                .append(partitionBy.isEmpty() ? "" : " partition by " + partitionBy.stream()
                        .map(c -> c < 0 ? "end" + c : Integer.toString(c)).toList())
                .append(orderBy.isEmpty() ? "" : " order by " + orderBy)
                .append(holdsPartition() || calls.stream().anyMatch(c -> c.function() == WindowCall.Function.LEAD)
                        ? " (holds one partition)\n" : " (holds one group of peers)\n");
        input.describeTo(out, indent + 1);
    }
}
