package io.shardgate.router.plan;

import io.shardgate.router.eval.RetypedRows;
import io.shardgate.router.merge.ColumnMeta;
import java.util.List;

/**
 * A statement the proxy evaluates over rows it computed (an outer SELECT over a derived table whose rows
 * span shards), typed by a server: {@code typing} is the same statement run on one shard so that it
 * returns no rows ({@code LIMIT 0}); its column definitions are what the client sees (the executor takes
 * them from the first leaf, which this node's {@code typing} is), and {@code rows}' values are put in those
 * types ({@link RetypedRows}). {@code typing} is read to its end before {@code rows} opens, so the two may
 * share a connection. Streaming.
 */
public record Retyped(ReadPlan typing, ReadPlan rows) implements ReadPlan {

    @Override
    public List<ReadPlan> inputs() {
        return List.of(typing, rows);
    }

    @Override
    public Opened open(ReadContext context) {
        List<ColumnMeta> columns = TypingStatement.columns(typing, context);
        Opened in = rows.open(context);
        return new Opened(new RetypedRows(in.rows(), columns), List.of(), in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return typing.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Retyped (columns from the first input, rows from the second)\n");
        typing.describeTo(out, indent + 1);
        rows.describeTo(out, indent + 1);
    }
}
