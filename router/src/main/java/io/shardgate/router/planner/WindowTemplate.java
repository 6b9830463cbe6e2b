package io.shardgate.router.planner;

import io.shardgate.router.merge.SortKey;
import io.shardgate.router.merge.WindowCall;
import io.shardgate.router.plan.ReadPlan;
import io.shardgate.router.plan.Window;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.SqlTemplate;
import java.util.List;

/**
 * One window (PARTITION BY and ORDER BY) computed in the proxy, compiled for a shape ({@link WindowPlanner});
 * the functions' numbers (LAG offsets, NTILE buckets, frame offsets) are bound per statement. References
 * are select-list references ({@link SelectItems}) until {@link #resolve} turns them into merge columns.
 *
 * @param partitionRefs the PARTITION BY columns
 * @param orderRefs the window's ORDER BY: {reference, 1 when descending}
 * @param calls the functions over this window, each in its column
 * @param shardOrder the ORDER BY the shards are sent when this window comes first: PARTITION BY keys, then
 *     the window's ORDER BY
 */
record WindowTemplate(List<Integer> partitionRefs, List<int[]> orderRefs, List<WindowFunctions.CallTemplate> calls,
                      List<SqlTemplate.Piece> shardOrder) {

    /** This window with merge columns instead of select-list references. */
    WindowTemplate resolve(SelectItems items) {
        List<Integer> partition = partitionRefs.stream().map(items::column).toList();
        List<int[]> order = orderRefs.stream().map(r -> new int[] {items.column(r[0]), r[1]}).toList();
        List<WindowFunctions.CallTemplate> columns = calls.stream().map(c -> c.at(items.column(c.column()))).toList();
        return new WindowTemplate(partition, order, columns, shardOrder);
    }

    List<SortKey> orderBy() {
        return orderRefs.stream().map(r -> new SortKey(r[0], r[1] == 1)).toList();
    }

    /** The order this window needs its input in: partition columns ascending, then the window's ORDER BY. */
    List<SortKey> inputOrder() {
        return WindowPlanner.order(partitionRefs, orderBy());
    }

    ReadPlan bind(ReadPlan input, List<Literal> literals) {
        List<WindowCall> bound = calls.stream().map(c -> c.bind(literals)).toList();
        return new Window(input, partitionRefs, orderBy(), bound);
    }
}
