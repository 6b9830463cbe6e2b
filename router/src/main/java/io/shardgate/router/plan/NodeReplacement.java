package io.shardgate.router.plan;

/**
 * A read tree with one node swapped for another: the executor's way to put what it learned at run time into a
 * tree the planner built (an {@link ApplyJoin} becomes the {@link HashJoin} over the inner side's batches).
 * Nodes are immutable values, so the nodes above the swapped one are rebuilt; the others are kept.
 */
public final class NodeReplacement {

    private NodeReplacement() {
    }

    /** {@code tree} with the node {@code from} (by identity) replaced by {@code to}; {@code tree} if absent. */
    public static ReadPlan replace(ReadPlan tree, ReadPlan from, ReadPlan to) {
        if (tree == from) {
            return to;
        }
        return switch (tree) {
            case MergeShards m -> m;
            case Aggregate a -> new Aggregate(replace(a.input(), from, to), a.groupBy(), a.aggregates());
            case Rollup r -> new Rollup(replace(r.input(), from, to), r.groupBy(), r.rollupKeys(), r.aggregates());
            case Extend x -> new Extend(replace(x.input(), from, to), x.expressions());
            case Typed t -> new Typed(replace(t.input(), from, to), replace(t.typing(), from, to), t.columns());
            case Project p -> new Project(replace(p.input(), from, to), p.columns(), p.expressions());
            case Filter f -> new Filter(replace(f.input(), from, to), f.predicate());
            case Distinct d -> new Distinct(replace(d.input(), from, to), d.columns());
            case Sort s -> new Sort(replace(s.input(), from, to), s.keys(), s.needed());
            case Limit l -> new Limit(replace(l.input(), from, to), l.offset(), l.count());
            case KeepColumns k -> new KeepColumns(replace(k.input(), from, to), k.visibleColumns());
            case Union u -> new Union(u.inputs().stream().map(i -> replace(i, from, to)).toList());
            case MatchedSets m -> new MatchedSets(m.kind(), replace(m.left(), from, to), replace(m.right(), from, to),
                    m.all());
            case Window w -> new Window(replace(w.input(), from, to), w.partitionBy(), w.orderBy(), w.calls());
            case RowsAsPartials r -> new RowsAsPartials(replace(r.input(), from, to), r.sources());
            case Retyped r -> new Retyped(replace(r.typing(), from, to), replace(r.rows(), from, to));
            case HashJoin h -> new HashJoin(replace(h.build(), from, to), replace(h.probe(), from, to), h.buildKeys(),
                    h.probeKeys(), h.keepUnmatchedProbe(), h.outputs(), h.residual());
            case ApplyJoin a -> {
                ReadPlan join = replace(a.join(), from, to);
                yield join instanceof HashJoin h ? new ApplyJoin(h, a.outerValues(), a.innerPrefix()) : join;
            }
        };
    }
}
