package io.shardgate.router.merge;

import java.util.List;

/**
 * GROUP BY merge over input sorted by the group keys (the planner sent ORDER BY group keys to the shards
 * and an {@link OrderedMerge} combines them): all rows of a group are adjacent, so each group is
 * emitted at its boundary, in input order.
 *
 * <p>Streaming contract: memory is one group (its first row and accumulators; the DISTINCT aggregates
 * add one key per distinct value of that group) plus the first row of the next group. Pulls one row
 * beyond each group, at the caller's rate.
 *
 * <p>Without group keys (an aggregate without GROUP BY) every row is one group and exactly one row is
 * returned, even when the input is empty (COUNT 0, other aggregates NULL).
 *
 * <p>A row whose group keys sort before the current group's means the input was not sorted as promised
 * (see {@link Streams#outOfOrder}): a {@link RowStreamException} is raised instead of splitting a group.
 */
public final class OrderedAggregate implements RowStream {

    private final RowStream input;
    private final RowComparator groupOrder;
    private final Aggregation aggregation;
    private Row pending;
    private boolean started;
    private boolean done;

    /**
     * @param groupOrder the group-key columns with the direction the input is sorted in (empty: no GROUP BY)
     */
    public OrderedAggregate(RowStream input, List<SortKey> groupOrder, List<AggregateSpec> aggregates) {
        this(input, groupOrder, aggregates, Long.MAX_VALUE);
    }

    /**
     * @param valueBudget the most distinct (or ordered GROUP_CONCAT) values the open group may hold
     */
    public OrderedAggregate(RowStream input, List<SortKey> groupOrder, List<AggregateSpec> aggregates,
                            long valueBudget) {
        this.input = input;
        this.groupOrder = new RowComparator(groupOrder, input.columns());
        this.aggregation = new Aggregation(input.columns(), aggregates, valueBudget);
    }

    @Override
    public List<ColumnMeta> columns() {
        return aggregation.columns();
    }

    @Override
    public Row next() {
        if (done) {
            return null;
        }
        if (!started) {
            started = true;
            pending = input.next();
            if (pending == null) {
                done = true;
                return groupOrder.keys().isEmpty() ? aggregation.emptyResult() : null;
            }
        }
        if (pending == null) {
            done = true;
            return null;
        }
        Aggregation.Group group = aggregation.newGroup(pending);
        pending = null;
        for (Row row; (row = input.next()) != null; ) {
            int c = groupOrder.compare(group.first(), row);
            if (c == 0) {
                group.add(row);
            } else if (c < 0) {
                pending = row;
                break;
            } else {
                throw Streams.outOfOrder("GROUP BY", groupOrder, group.first(), row);
            }
        }
        return group.result();
    }

    @Override
    public void close() {
        done = true;
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("OrderedAggregate(group " + (groupOrder.keys().isEmpty() ? "none" : groupOrder)
                + "; " + aggregation + ")", input);
    }
}
