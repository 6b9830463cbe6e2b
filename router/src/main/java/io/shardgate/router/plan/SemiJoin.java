package io.shardgate.router.plan;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowPredicate;
import io.shardgate.router.merge.RowStreamException;
import io.shardgate.router.merge.SemiJoinSet;
import java.util.List;

/**
 * {@code x [NOT] IN (subquery)} too large to write in as literals: the outer statement was written with the
 * condition replaced by {@code 1} and {@code x} appended to its select list; the rows it returns are filtered
 * by membership ({@link SemiJoinSet}) and {@code x} cut off again. Where the filter goes:
 * <ul>
 *   <li>over the outer plan when the outer statement is a plain read (no grouping, aggregate, DISTINCT or
 *       LIMIT): its rows are the outer rows, x last;</li>
 *   <li>right above the shard reads otherwise ({@link #planned}): a filter over the merged rows would sit
 *       above the aggregate, DISTINCT or LIMIT and decide too late. The written statement then names each
 *       {@code x} as a last select item aliased {@value #KEY_ALIAS}; the planner sends the x columns last
 *       (in the shards' GROUP BY under aggregation, so each partial group has one x; LIMIT not pushed down)
 *       and leaves one {@link Slot} per x right above the shard reads, which {@link #around} fills.</li>
 * </ul>
 *
 * @param members one per semi-join, in the order of their columns (the last member's x is the last column)
 * @param planned the planner placed the filters ({@link Slot}s) below the rest of the read tree
 */
public record SemiJoin(List<Member> members, boolean planned) {

    /** The alias that tells the planner a select item is a semi-join's column ({@link #planned}). */
    public static final String KEY_ALIAS = "shardgate_semi_join";

    /** One {@code x [NOT] IN (subquery)}: the subquery's values, NULLs included. */
    public record Member(List<Object> values, boolean negated) {
    }

    public SemiJoin {
        members = List.copyOf(members);
    }

    /**
     * Where the planner leaves a semi-join's filter: over the column {@code fromEnd} from the end of the shard
     * rows (1: the last). It cannot filter until {@link SemiJoin#around} puts the subquery's values in.
     */
    public record Slot(int fromEnd) implements RowPredicate {

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
            return "semi-join on column end-" + fromEnd + " (its subquery's values filled in when run)";
        }
    }

    /** The outer statement's plan with the filters in, or a refusal for a plan that is not a read. */
    public Plan around(Plan outer) {
        if (planned) {
            if (outer instanceof ReadPlan r && slots(r) == members.size()) {
                return fill(r);
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
        if (read == null || members.size() != 1) {
            return outer instanceof Reject r ? r
                    : Reject.notSupported("this statement with a subquery over proxy.subquery-inline-limit");
        }
        Member m = members.getFirst();
        return new KeepColumns(new Filter(read, new SemiJoinSet(m.values(), m.negated())), -1);
    }

    private static int slots(ReadPlan node) {
        int own = node instanceof Filter f && f.predicate() instanceof Slot ? 1 : 0;
        return own + node.inputs().stream().mapToInt(SemiJoin::slots).sum();
    }

    /** The tree with each slot's filter over its member's values; the nodes the planner puts above them. */
    private ReadPlan fill(ReadPlan node) {
        return switch (node) {
            case Filter f when f.predicate() instanceof Slot s -> {
                Member m = members.get(members.size() - s.fromEnd());
                yield new Filter(fill(f.input()), new SemiJoinSet(m.values(), m.negated(), s.fromEnd()));
            }
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
