package io.shardgate.router.merge;

import java.util.ArrayDeque;
import java.util.List;

/**
 * GROUP BY k1, ..., kn WITH ROLLUP over input sorted by the group keys: each group as
 * {@link OrderedAggregate} merges it, and after the last group of each prefix (k1..kj) its super-aggregate
 * row, with k(j+1)..kn NULL; the grand total (all keys NULL) comes last. This is MySQL's order: a group's
 * super-aggregate rows follow it, deepest first.
 *
 * <p>Streaming contract: memory is one open group per level (n + 1, each its first row and accumulators;
 * DISTINCT aggregates hold the distinct values of each level's group, the grand total's those of the
 * whole input, within the aggregation's budget). No input, no rows, as in MySQL.
 *
 * <p>A row whose keys sort before the current group's raises a {@link RowStreamException}, as
 * {@link OrderedAggregate} does.
 */
public final class RollupAggregate implements RowStream {

    private final RowStream input;
    private final List<SortKey> keys;
    private final RowComparator[] byKey;
    private final RowComparator groupOrder;
    private final Aggregation aggregation;
    /** levels[j]: the open group of rows equal on the first j keys; levels[n] is the group itself. */
    private final Aggregation.Group[] levels;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private boolean ended;

    /**
     * @param keys the group keys in GROUP BY order, with the direction the input is sorted in
     * @param valueBudget the most distinct (or ordered GROUP_CONCAT) values the open groups may hold
     */
    public RollupAggregate(RowStream input, List<SortKey> keys, List<AggregateSpec> aggregates, long valueBudget) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("WITH ROLLUP needs group keys");
        }
        this.input = input;
        this.keys = List.copyOf(keys);
        this.byKey = new RowComparator[keys.size()];
        for (int i = 0; i < byKey.length; i++) {
            byKey[i] = new RowComparator(List.of(keys.get(i)), input.columns());
        }
        this.groupOrder = new RowComparator(keys, input.columns());
        this.aggregation = new Aggregation(input.columns(), aggregates, valueBudget);
        this.levels = new Aggregation.Group[keys.size() + 1];
    }

    @Override
    public List<ColumnMeta> columns() {
        return aggregation.columns(); // a NOT NULL key keeps its flag, as MariaDB reports it
    }

    @Override
    public Row next() {
        while (ready.isEmpty() && !ended) {
            Row row = input.next();
            int n = keys.size();
            if (row == null) {
                ended = true;
                if (levels[n] != null) {
                    finish(0);
                }
                input.close();
            } else if (levels[n] == null) {
                start(0, row);
            } else {
                int differs = firstDifference(levels[n].first(), row);
                if (differs < 0) {
                    for (Aggregation.Group g : levels) {
                        g.add(row);
                    }
                } else {
                    finish(differs + 1);
                    for (int j = 0; j <= differs; j++) {
                        levels[j].add(row);
                    }
                    start(differs + 1, row);
                }
            }
        }
        return ready.poll();
    }

    /** The first key on which {@code row} differs from the open group, or -1. */
    private int firstDifference(Row group, Row row) {
        for (int i = 0; i < byKey.length; i++) {
            int c = byKey[i].compare(group, row);
            if (c < 0) {
                return i;
            }
            if (c > 0) {
                throw Streams.outOfOrder("GROUP BY ... WITH ROLLUP", groupOrder, group, row);
            }
        }
        return -1;
    }

    private void start(int fromLevel, Row row) {
        for (int j = fromLevel; j < levels.length; j++) {
            levels[j] = aggregation.newGroup(row);
        }
    }

    /** Emits the groups of levels n down to {@code toLevel}, each with its keys past the level NULL. */
    private void finish(int toLevel) {
        for (int j = levels.length - 1; j >= toLevel; j--) {
            Object[] values = levels[j].result().values();
            for (int k = j; k < keys.size(); k++) {
                values[keys.get(k).column()] = null;
            }
            ready.add(new Row(values));
            levels[j] = null;
        }
    }

    @Override
    public void close() {
        ended = true;
        ready.clear();
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("RollupAggregate(group " + groupOrder + "; " + aggregation + ")", input);
    }
}
