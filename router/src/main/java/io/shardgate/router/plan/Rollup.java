package io.shardgate.router.plan;

import io.shardgate.router.merge.AggregateSpec;
import io.shardgate.router.merge.MemorySort;
import io.shardgate.router.merge.RollupAggregate;
import io.shardgate.router.merge.RowComparator;
import io.shardgate.router.merge.RowStream;
import io.shardgate.router.merge.SortKey;
import java.util.ArrayList;
import java.util.List;

/**
 * GROUP BY ... WITH ROLLUP over the shards' partial results: {@link Aggregate}'s groups, each followed by
 * the super-aggregate rows of the key prefixes it ends (later keys NULL), the grand total last, in
 * ascending group order as MySQL returns them. The rows keep their width.
 *
 * <p><b>Chosen when opened:</b> {@link RollupAggregate} streams when the input arrives sorted on the group
 * keys in GROUP BY order, ascending, under exactly known collations; otherwise a {@link MemorySort} (up to
 * {@link ReadContext#maxSortRows()} rows) sorts the partial rows first. The output claims no order: the
 * super-aggregate rows sit after their groups.
 *
 * @param groupBy group-key columns as in {@link Aggregate}: the GROUP BY keys first, then the plain
 *     selected columns that depend on them
 * @param rollupKeys how many of {@code groupBy} are GROUP BY keys (rolled up, right to left)
 */
public record Rollup(ReadPlan input, List<Integer> groupBy, int rollupKeys, List<AggregateSpec> aggregates)
        implements ReadPlan {

    public Rollup {
        groupBy = List.copyOf(groupBy);
        aggregates = List.copyOf(aggregates);
        if (rollupKeys < 1 || rollupKeys > groupBy.size() || groupBy.stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("rollup of " + rollupKeys + " keys of " + groupBy);
        }
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        List<SortKey> keys = new ArrayList<>();
        groupBy.forEach(c -> keys.add(new SortKey(c, false)));
        RowStream rows = in.rows();
        if (!in.sortedBy(keys) || !new RowComparator(keys, rows.columns()).exact()) {
            rows = new MemorySort(rows, keys, Long.MAX_VALUE, context.maxSortRows());
        }
        return new Opened(new RollupAggregate(rows, keys.subList(0, rollupKeys), aggregates, context.maxSortRows()),
                List.of(), false);
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Rollup ").append(aggregates).append(" group by ")
                .append(groupBy.subList(0, rollupKeys)).append(rollupKeys < groupBy.size()
                        ? " (with " + groupBy.subList(rollupKeys, groupBy.size()) + ")" : "")
                .append(" (streams if the input order and collation allow, else sorts)");
        out.append('\n');
        input.describeTo(out, indent + 1);
    }
}
