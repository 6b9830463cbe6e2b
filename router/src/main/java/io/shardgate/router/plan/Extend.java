package io.shardgate.router.plan;

import io.shardgate.router.eval.BoundExpr;
import io.shardgate.router.eval.ExtendRows;
import java.util.List;

/**
 * Appends columns the proxy computes over each row: a select item, group key or sort key that is an
 * expression over a derived table's rows or over the groups the proxy aggregated from them
 * ({@code t.amount * 2}, {@code SUM(t.n) / COUNT(*)}), or an ORDER BY key over both tables of a join across
 * shards, which no shard holds both halves of. Each new column is typed by its expression
 * ({@link ExtendRows}). Streaming; keeps the input's order.
 *
 * @param expressions the new columns, in order, after the input's
 */
public record Extend(ReadPlan input, List<BoundExpr> expressions) implements ReadPlan {

    public Extend {
        expressions = List.copyOf(expressions);
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        return new Opened(new ExtendRows(in.rows(), expressions), in.order(), in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns) + expressions.size();
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("Extend ");
        for (int i = 0; i < expressions.size(); i++) {
            line.append(i > 0 ? ", " : "").append(expressions.get(i));
        }
        out.append('\n');
        input.describeTo(out, indent + 1);
    }
}
