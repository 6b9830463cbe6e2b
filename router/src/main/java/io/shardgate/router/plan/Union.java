package io.shardgate.router.plan;

import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.UnionAll;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code UNION ALL} of several SELECTs, each planned on its own (a route, or its own read tree): their rows
 * one input after the other ({@link UnionAll}). {@code UNION} (DISTINCT) is a {@link Distinct} above this
 * node, ORDER BY / LIMIT over the whole a {@link Sort} / {@link Limit} above that.
 *
 * <p><b>Chosen when opened:</b> nothing to choose; each input is opened only once the one before it has
 * ended (two inputs may share a connection, whose reads run in order). Streaming, memory one row; the order
 * of the rows is not known to the nodes above.
 */
public record Union(List<ReadPlan> inputs) implements ReadPlan {

    public Union {
        inputs = List.copyOf(inputs);
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("a union of " + inputs.size() + " inputs");
        }
    }

    @Override
    public Opened open(ReadContext context) {
        List<Supplier<RowStream>> lazy = inputs.stream()
                .<Supplier<RowStream>>map(input -> () -> input.open(context).rows()).toList();
        return new Opened(new UnionAll(lazy), List.of(), false);
    }

    @Override
    public boolean setResult() {
        return true;
    }

    @Override
    public int columnCount(int shardColumns) {
        return inputs.getFirst().columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Union all of ").append(inputs.size())
                .append(" inputs (read one after another)\n");
        inputs.forEach(i -> i.describeTo(out, indent + 1));
    }
}
