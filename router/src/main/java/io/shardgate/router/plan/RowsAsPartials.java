package io.shardgate.router.plan;

import io.shardgate.router.merge.RowPartials;
import java.util.List;

/**
 * Each row of the input as the partial aggregates of a group of one row ({@link RowPartials}), for an
 * {@link Aggregate} above that aggregates rows the proxy holds (a derived table's) rather than shards'
 * partials; with only {@code VALUE} columns it picks and orders columns. Streaming; the input's order is
 * not carried over.
 */
public record RowsAsPartials(ReadPlan input, List<RowPartials.Source> sources) implements ReadPlan {

    public RowsAsPartials {
        sources = List.copyOf(sources);
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        return new Opened(new RowPartials(in.rows(), sources), List.of(), in.singleRow());
    }

    @Override
    public int columnCount(int shardColumns) {
        return sources.size();
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("RowsAsPartials ").append(sources).append('\n');
        input.describeTo(out, indent + 1);
    }
}
