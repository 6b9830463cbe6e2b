package io.shardgate.router.plan;

import io.shardgate.router.merge.FilterRows;
import io.shardgate.router.merge.RowPredicate;
import java.util.List;

/**
 * Keeps the rows a predicate accepts: HAVING over merged groups (hidden aggregate columns included), which
 * a shard's partial aggregates cannot decide. Streaming ({@link FilterRows}); keeps the input's order.
 *
 * @param predicate evaluated over the whole input row; its {@code toString()} is its description
 */
public record Filter(ReadPlan input, RowPredicate predicate) implements ReadPlan {

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        return new Opened(new FilterRows(in.rows(), predicate.open(in.rows().columns())), in.order(), in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Filter ").append(predicate).append('\n');
        input.describeTo(out, indent + 1);
    }
}
