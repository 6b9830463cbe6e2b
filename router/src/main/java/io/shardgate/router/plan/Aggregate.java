package io.shardgate.router.plan;

import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.HashAggregate;
import io.shardgate.router.merge.OrderedAggregate;
import java.util.List;

/**
 * GROUP BY and aggregates over the shards' partial results: one row per group, each aggregate column
 * finished from the partial values (COUNT and SUM add up, AVG divides the summed SUM by the summed COUNT
 * ...). A row keeps its width, so the columns above stay where they were. Without group keys exactly one
 * row comes out, even from no input (COUNT 0, the others NULL).
 *
 * <p><b>Chosen when opened:</b> {@link OrderedAggregate}, streaming one group at a time, when the input
 * arrives sorted with the group keys first and their collations compare exactly
 * ({@link Opened#adjacentOn}); otherwise {@link HashAggregate}, which holds one entry per group until the
 * input ends. The output keeps the input's order on the group keys when it streamed, none when hashed.
 *
 * @param groupBy group-key columns; the planner also lists the plain selected columns that depend on them
 *     (constant within a group); empty for an aggregate without GROUP BY
 * @param aggregates one per aggregate column
 */
public record Aggregate(ReadPlan input, List<Integer> groupBy, List<AggregateSpec> aggregates) implements ReadPlan {

    public Aggregate {
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        // with SELECT * the planner counts group keys and aggregate columns from the end (see ReadPlan), but only
        // for aggregates of one column: countColumn -1 means none
        if (aggregates.stream().anyMatch(a -> a.column() < 0 && (a.rawValues() || a.countColumn() != -1
                || !a.moreColumns().isEmpty()))) {
            throw new IllegalArgumentException("relative columns for an aggregate of several: " + aggregates);
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
        List<Integer> groupBy = this.groupBy.stream().map(c -> c < 0 ? width + c : c).toList();
        List<AggregateSpec> aggregates = this.aggregates.stream().map(a -> a.column() >= 0 ? a
                : new AggregateSpec(a.function(), width + a.column(), -1, false, a.separator())).toList();
        long budget = context.maxSortRows();
        if (groupBy.isEmpty()) {
            return new Opened(new OrderedAggregate(in.rows(), List.of(), aggregates, budget), List.of(), true);
        }
        var groupOrder = in.adjacentOn(groupBy);
        if (groupOrder != null) {
            return new Opened(new OrderedAggregate(in.rows(), groupOrder, aggregates, budget), groupOrder, false);
        }
        return new Opened(new HashAggregate(in.rows(), groupBy, aggregates, budget), List.of(), false);
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("Aggregate ");
        if (groupBy.isEmpty()) {
            line.append(aggregates).append(", one row");
        } else {
            line.append(aggregates).append(" group by ").append(groupBy)
                    .append(" (streams if the input order and collation allow, else hashes)");
        }
        out.append('\n');
        input.describeTo(out, indent + 1);
    }
}
