package io.shardgate.router.plan;

import io.shardgate.router.merge.LimitRows;
import java.util.List;

/**
 * OFFSET / LIMIT over the merged rows: skips {@code offset} rows, returns at most {@code count}, and
 * closes its input as soon as it has them, so the shards stop early. The shards were sent
 * {@code LIMIT offset + count}. Streaming ({@link LimitRows}); keeps the input's order.
 *
 * @param offset rows to skip, at least 0
 * @param count rows to return at most; null for no limit
 */
public record Limit(ReadPlan input, long offset, Long count) implements ReadPlan {

    public Limit {
        if (offset < 0 || count != null && count < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " or count " + count);
        }
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        return new Opened(new LimitRows(in.rows(), offset, count), in.order(), in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("Limit");
        if (offset != 0) {
            line.append(" offset ").append(offset);
        }
        line.append(count == null ? "" : (offset != 0 ? ", count " : " ") + count).append('\n');
        input.describeTo(out, indent + 1);
    }
}
