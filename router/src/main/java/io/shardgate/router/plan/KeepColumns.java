package io.shardgate.router.plan;

import io.shardgate.router.merge.DropHiddenColumns;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The client sees only the first {@code visibleColumns}: the columns the planner appended to the shard
 * statements (sort keys not selected, AVG's COUNT, aggregates HAVING needs) are cut off. Streaming
 * ({@link DropHiddenColumns}); nothing is done when no column is hidden.
 *
 * @param visibleColumns columns kept; zero or less: all but the last {@code -visibleColumns} (see
 *     {@link ReadPlan})
 */
public record KeepColumns(ReadPlan input, int visibleColumns) implements ReadPlan {

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        int width = in.rows().columns().size();
        int visible = ReadPlan.absoluteCount(visibleColumns, width);
        if (visible < 1 || visible > width) {
            throw new IllegalArgumentException("visibleColumns " + visible + " of " + width + " shard columns");
        }
        if (visible == width) {
            return in;
        }
        List<SortKey> order = new ArrayList<>();
        for (SortKey k : in.order()) {
            if (k.column() >= visible) {
                break;
            }
            order.add(k);
        }
        return new Opened(new DropHiddenColumns(in.rows(), visible), order, in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return ReadPlan.absoluteCount(visibleColumns, input.columnCount(shardColumns));
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("KeepColumns ").append(visibleColumns > 0 ? "first " + visibleColumns
                : "all but the last " + -visibleColumns).append('\n');
        input.describeTo(out, indent + 1);
    }
}
