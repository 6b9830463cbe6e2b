package io.shardgate.router.merge;

import io.shardgate.router.plan.MergeSpec;
import io.shardgate.router.plan.MergeSpec.SortKey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the merge of several shard streams from the planner's {@link MergeSpec}, composing the
 * primitives in SQL order:
 * <pre>
 *   shards -> OrderedMerge (shards sorted) | Concatenation (unsorted)
 *          -> OrderedAggregate | HashAggregate -> Having      (GROUP BY / aggregates)
 *          -> Distinct (sorted | hashed)                      (SELECT DISTINCT)
 *          -> MemorySort                                      (only if the rows are not yet in ORDER BY order)
 *          -> Limit                                           (OFFSET / LIMIT)
 *          -> DropHiddenColumns                               (the client sees visibleColumns)
 * </pre>
 * Streaming whenever the input order allows it: {@link OrderedAggregate} when the shards are sorted with
 * the group keys first, the sorted {@link Distinct} when sorted on exactly the visible columns, no
 * {@link MemorySort} when the order already matches. Otherwise the hash or sort primitive is used, whose
 * memory grows with the number of groups / distinct rows / rows (bounded by LIMIT for the sort).
 * Streaming over strings compared by an approximated collation (the UCA families in {@link Collations})
 * is avoided: adjacency could be wrong, so the hash primitives take over.
 *
 * <p>The resulting stream's {@code columns()} are the visible ones, with client-visible metadata for
 * aggregates ({@link AggregateTypes}). Closing it closes all shard streams; any exception from
 * {@code next()} (a shard's {@link RowStreamException}, a failing HAVING) closes them all and
 * propagates.
 */
public final class MergePipeline {

    private MergePipeline() {
    }

    /**
     * The merge when the shards were sent the ORDER BY the planner's rewrite adds (see
     * {@link #defaultShardOrder}).
     */
    public static MergedStream build(MergeSpec spec, List<RowStream> shards) {
        return build(spec, defaultShardOrder(spec), shards);
    }

    /**
     * The order the shards' rows arrive in under the planner's rewrite ({@code ScatterPlanner}): with
     * GROUP BY, the shards were sent {@code ORDER BY <group keys>} (ascending, in GROUP BY order; the plain
     * columns the planner adds to {@code groupBy} because they depend on the group keys are constant within
     * a group, so the rows are sorted by them too); without aggregation they kept the client's ORDER BY;
     * an aggregate without GROUP BY needs no order.
     *
     * <p>If the shards were not in fact sorted so, the streaming primitives raise a
     * {@link RowStreamException} rather than return split groups or duplicate rows.
     */
    public static List<SortKey> defaultShardOrder(MergeSpec spec) {
        if (!spec.groupBy().isEmpty()) {
            List<SortKey> order = new ArrayList<>(spec.groupBy().size());
            spec.groupBy().forEach(c -> order.add(new SortKey(c, false)));
            return List.copyOf(order);
        }
        return spec.aggregates().isEmpty() ? spec.orderBy() : List.of();
    }

    /**
     * The merge of {@code shards}, each sorted by {@code shardOrder} (the ORDER BY the shards were sent;
     * empty when they were sent none).
     *
     * @throws IllegalArgumentException for no shards or a spec that does not fit the shards' columns
     *     (the shard streams are closed)
     */
    public static MergedStream build(MergeSpec spec, List<SortKey> shardOrder, List<RowStream> shards) {
        return build(spec, shardOrder, shards, Long.MAX_VALUE);
    }

    /**
     * As {@link #build(MergeSpec, List, List)}, with at most {@code sortRowBudget} rows held by an in-memory
     * sort (more fails the statement with error 1038).
     */
    public static MergedStream build(MergeSpec spec, List<SortKey> shardOrder, List<RowStream> shards,
                                     long sortRowBudget) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("no shard streams to merge: the merged columns would be unknown");
        }
        try {
            return new MergedStream(compose(spec, shardOrder, shards, sortRowBudget), shards);
        } catch (RuntimeException e) {
            Streams.closeAll(shards, e);
            throw e;
        }
    }

    private static RowStream compose(MergeSpec spec, List<SortKey> shardOrder, List<RowStream> shards,
                                     long sortRowBudget) {
        RowStream s;
        if (shards.size() == 1) {
            s = shards.getFirst();
        } else {
            s = shardOrder.isEmpty() ? new Concatenation(shards) : new OrderedMerge(shards, shardOrder);
        }
        int width = s.columns().size();
        int visible = spec.visibleColumns();
        if (visible < 1 || visible > width) {
            throw new IllegalArgumentException("visibleColumns " + visible + " of " + width + " shard columns");
        }
        List<SortKey> order = shardOrder;   // what s is sorted by (empty: unknown)
        boolean oneRow = false;             // s returns at most one row: every order holds

        if (!spec.groupBy().isEmpty() || !spec.aggregates().isEmpty()) {
            if (spec.groupBy().isEmpty()) {
                s = new OrderedAggregate(s, List.of(), spec.aggregates());
                oneRow = true;
            } else {
                List<SortKey> groupOrder = prefixOn(order, spec.groupBy());
                if (groupOrder != null && new RowComparator(groupOrder, s.columns()).exact()) {
                    s = new OrderedAggregate(s, groupOrder, spec.aggregates());
                    order = groupOrder;
                } else {
                    s = new HashAggregate(s, spec.groupBy(), spec.aggregates());
                    order = List.of();
                }
            }
            if (spec.having() != null) {
                s = new Having(s, spec.having());
            }
        }

        if (spec.distinct() && !oneRow) {
            List<SortKey> distinctOrder = prefixOn(order, range(visible));
            if (distinctOrder != null && new RowComparator(distinctOrder, s.columns()).exact()) {
                s = Distinct.sorted(s, distinctOrder, visible);
            } else {
                s = Distinct.hashed(s, visible);
            }
        }

        if (!spec.orderBy().isEmpty() && !oneRow && !startsWith(order, spec.orderBy())) {
            long needed = spec.limit() == null ? Long.MAX_VALUE : saturatedAdd(spec.offset(), spec.limit());
            s = new MemorySort(s, spec.orderBy(), needed, sortRowBudget);
        }

        if (spec.offset() > 0 || spec.limit() != null) {
            s = new Limit(s, spec.offset(), spec.limit());
        }
        if (visible < width) {
            s = new DropHiddenColumns(s, visible);
        }
        return s;
    }

    /**
     * The shortest prefix of {@code order} whose columns are exactly {@code columns}, or null when the
     * order does not start with them (rows equal on {@code columns} are then not necessarily adjacent).
     */
    static List<SortKey> prefixOn(List<SortKey> order, List<Integer> columns) {
        Set<Integer> wanted = new HashSet<>(columns);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < order.size(); i++) {
            int c = order.get(i).column();
            if (!wanted.contains(c)) {
                return null;
            }
            seen.add(c);
            if (seen.size() == wanted.size()) {
                return List.copyOf(order.subList(0, i + 1));
            }
        }
        return null;
    }

    private static boolean startsWith(List<SortKey> order, List<SortKey> wanted) {
        return order.size() >= wanted.size() && order.subList(0, wanted.size()).equals(wanted);
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
