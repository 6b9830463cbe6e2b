package io.shardgate.router.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * A read over several shards whose rows the merge layer combines as {@link #merge()} says.
 *
 * <p>When the select list has a {@code *}, the planner cannot know at plan time how many columns the shards
 * return, so it counts the columns it appended (hidden sort or aggregate columns) from the end:
 * {@link #relativeColumns()} is then true, column indexes below zero mean {@code columnCount + index} and a
 * {@code visibleColumns} of zero or less means {@code columnCount + visibleColumns}. Executors always call
 * {@link #mergeFor(int)} with the column count of the first shard's result, which resolves that.
 *
 * @param routes one per shard, in shard order
 */
public record Scatter(List<Route> routes, MergeSpec merge, boolean relativeColumns) implements Plan {

    public Scatter {
        routes = List.copyOf(routes);
    }

    public Scatter(List<Route> routes, MergeSpec merge) {
        this(routes, merge, false);
    }

    /** The merge with every column index absolute, for shards that return {@code columnCount} columns. */
    public MergeSpec mergeFor(int columnCount) {
        if (!relativeColumns) {
            return merge;
        }
        List<Integer> groupBy = merge.groupBy().stream().map(c -> absolute(c, columnCount)).toList();
        List<MergeSpec.AggregateSpec> aggregates = merge.aggregates().stream()
                .map(a -> new MergeSpec.AggregateSpec(a.function(), absolute(a.column(), columnCount),
                        a.countColumn() == -1 ? -1 : absolute(a.countColumn(), columnCount), a.distinct(),
                        a.separator()))
                .toList();
        List<MergeSpec.SortKey> orderBy = new ArrayList<>();
        merge.orderBy().forEach(k -> orderBy.add(new MergeSpec.SortKey(absolute(k.column(), columnCount),
                k.descending())));
        int visible = merge.visibleColumns() <= 0 ? columnCount + merge.visibleColumns() : merge.visibleColumns();
        return new MergeSpec(groupBy, aggregates, merge.having(), merge.distinct(), orderBy, merge.offset(),
                merge.limit(), visible);
    }

    private static int absolute(int column, int columnCount) {
        return column < 0 ? columnCount + column : column;
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Scatter ").append(routes.size()).append(" shards\n");
        Plan.line(out, indent + 1).append("merge: ").append(MergeDescription.of(merge, relativeColumns))
                .append('\n');
        routes.forEach(r -> r.describeTo(out, indent + 1));
    }
}
