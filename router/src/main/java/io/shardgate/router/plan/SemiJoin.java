package io.shardgate.router.plan;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowPredicate;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.SemiJoinSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code x [NOT] IN (subquery)} (or {@code (x, y) [NOT] IN}) too large to write in as literals: the outer
 * statement was written with the condition replaced by {@code 1} and {@code x} appended to its select list; the
 * rows it returns are filtered by membership ({@link SemiJoinSet}) and {@code x} cut off again. Where the
 * filters go:
 * <ul>
 *   <li>over the outer plan when the outer statement is a plain read (no grouping, aggregate, DISTINCT or
 *       LIMIT): its rows are the outer rows, x last;</li>
 *   <li>right above the shard reads otherwise ({@link #planned}): a filter over the merged rows would sit
 *       above the aggregate, DISTINCT or LIMIT and decide too late. The written statement then names each
 *       {@code x} as a last select item aliased {@value #KEY_ALIAS}; the planner sends the x columns last
 *       (in the shards' GROUP BY under aggregation, so each partial group has one x; LIMIT not pushed down)
 *       and leaves a {@link Slot} over them right above the shard reads, which {@link #around} fills.</li>
 * </ul>
 *
 * @param members one per semi-join, in the order of their columns (the last member's x is the last column)
 * @param planned the planner placed the filters ({@link Slot}) below the rest of the read tree
 */
public record SemiJoin(List<Member> members, boolean planned) {

    /** The alias that tells the planner a select item is a semi-join's column ({@link #planned}). */
    public static final String KEY_ALIAS = "shardgate_semi_join";

    /**
     * One {@code x [NOT] IN (subquery)} or {@code (x, y) [NOT] IN (subquery)}: the subquery's rows, each of
     * {@code width} values, NULLs included.
     */
    public record Member(List<List<Object>> values, int width, boolean negated) {
    }

    public SemiJoin {
        members = List.copyOf(members);
    }

    /**
     * Where the planner leaves the semi-joins' filters: over the last {@code columns} of the shard rows. It
     * cannot filter until {@link SemiJoin#around} puts the subqueries' values in.
     */
    public record Slot(int columns) implements RowPredicate {

        @Override
        public boolean test(Row row) {
            throw unfilled();
        }

        @Override
        public RowPredicate open(List<ColumnMeta> columns) {
            throw unfilled();
        }

        /** Only a client naming a select item {@code shardgate_semi_join} itself gets here. */
        private static RowStreamException unfilled() {
            return new RowStreamException(Reject.NOT_SUPPORTED_YET, "42000",
                    "the select item alias " + KEY_ALIAS + " across shards");
        }

        @Override
        public String toString() {
            return "semi-joins on the last " + columns + " columns (the subqueries' values filled in when run)";
        }
    }

    /** The outer statement's plan with the filters in, or a refusal for a plan that is not a read. */
    public Plan around(Plan outer) {
        if (planned) {
            if (outer instanceof ReadPlan r && slotColumns(r).equals(List.of(width()))) {
                ReadPlan filled = fill(r);
                if (slotColumns(filled).isEmpty()) { // a node fill() does not know would have kept it
                    return filled;
                }
            }
            return outer instanceof Reject r ? r
                    : Reject.notSupported("this statement with a subquery over proxy.subquery-inline-limit");
        }
        ReadPlan read = switch (outer) {
            case ReadPlan r -> r;
            case Route r -> new MergeShards(List.of(r), List.of());
            case Empty e -> new MergeShards(List.of(e.metadata()), List.of());
            default -> null;
        };
        if (read == null) {
            return outer instanceof Reject r ? r
                    : Reject.notSupported("this statement with a subquery over proxy.subquery-inline-limit");
        }
        return new KeepColumns(filters(read), -width());
    }

    /** How many columns the members' x take at the end of the rows. */
    private int width() {
        return members.stream().mapToInt(Member::width).sum();
    }

    /** {@code input} through one filter per member, each over its own columns. */
    private ReadPlan filters(ReadPlan input) {
        ReadPlan node = input;
        int fromEnd = width();
        for (Member m : members) {
            node = new Filter(node, new SemiJoinSet(m.values(), m.width(), m.negated(), fromEnd));
            fromEnd -= m.width();
        }
        return node;
    }

    /** The columns of each slot in the tree. */
    private static List<Integer> slotColumns(ReadPlan node) {
        List<Integer> out = new ArrayList<>();
        if (node instanceof Filter f && f.predicate() instanceof Slot s) {
            out.add(s.columns());
        }
        node.inputs().forEach(input -> out.addAll(slotColumns(input)));
        return out;
    }

    /** The tree with the slot replaced by the members' filters; the nodes the planner puts above it copied. */
    private ReadPlan fill(ReadPlan node) {
        return switch (node) {
            case Filter f when f.predicate() instanceof Slot -> filters(f.input());
            case Filter f -> new Filter(fill(f.input()), f.predicate());
            case KeepColumns k -> new KeepColumns(fill(k.input()), k.visibleColumns());
            case Aggregate a -> new Aggregate(fill(a.input()), a.groupBy(), a.aggregates());
            case Rollup r -> new Rollup(fill(r.input()), r.groupBy(), r.rollupKeys(), r.aggregates());
            case Project p -> new Project(fill(p.input()), p.columns(), p.expressions());
            case Distinct d -> new Distinct(fill(d.input()), d.columns());
            case Sort s -> new Sort(fill(s.input()), s.keys(), s.needed());
            case Limit l -> new Limit(fill(l.input()), l.offset(), l.count());
            default -> node; // the shard reads, and no node the planner puts above a slot
        };
    }
}
