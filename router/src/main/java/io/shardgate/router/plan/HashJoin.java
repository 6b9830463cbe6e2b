package io.shardgate.router.plan;

import io.shardgate.router.merge.HashJoinRows;
import io.shardgate.router.merge.RowPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An equi-join of two tables that no shard holds together (sharded tables not bound to each other, a sharded
 * with an unsharded table), computed in the proxy: each side is its own plan (a route, or a scatter with its
 * merge) carrying the filters that name only its table, and the rows are matched here
 * ({@link HashJoinRows}): the build input read whole into a hash table of at most {@code proxy.max-join-rows}
 * rows, then the probe input streamed against it. The joined row is {@link #outputs()}: columns of either
 * side, in the order the nodes above expect.
 *
 * <p>The planner builds the side that an outer join may extend with NULLs (the right table of a LEFT JOIN,
 * the left of a RIGHT JOIN; the right table of an inner join) and probes with the other, which streams:
 * memory is bounded by the build side, whatever the size of the probe side.
 *
 * @param build read first, whole
 * @param probe read after the build side ended, streaming
 * @param buildKeys join columns of the build rows, pairwise equal to {@code probeKeys}
 * @param keepUnmatchedProbe LEFT / RIGHT JOIN: a probe row without a match comes out once with NULLs
 * @param outputs the joined row's columns
 * @param residual what else a build row with an equal key must pass to match, over the joined row (an outer
 *     join's ON condition over both tables); null for nothing. Its {@code toString()} is its description.
 */
public record HashJoin(ReadPlan build, ReadPlan probe, List<Integer> buildKeys, List<Integer> probeKeys,
                       boolean keepUnmatchedProbe, List<HashJoinRows.Output> outputs, RowPredicate residual)
        implements ReadPlan {

    /** A join matching on the keys alone. */
    public HashJoin(ReadPlan build, ReadPlan probe, List<Integer> buildKeys, List<Integer> probeKeys,
                    boolean keepUnmatchedProbe, List<HashJoinRows.Output> outputs) {
        this(build, probe, buildKeys, probeKeys, keepUnmatchedProbe, outputs, null);
    }

    public HashJoin {
        buildKeys = List.copyOf(buildKeys);
        probeKeys = List.copyOf(probeKeys);
        outputs = List.copyOf(outputs);
        if (buildKeys.isEmpty() || buildKeys.size() != probeKeys.size()) {
            throw new IllegalArgumentException("join keys " + buildKeys + " = " + probeKeys);
        }
    }

    @Override
    public List<ReadPlan> inputs() {
        return List.of(build, probe);
    }

    @Override
    public Opened open(ReadContext context) {
        return new Opened(HashJoinRows.open(build.open(context).rows(), () -> probe.open(context).rows(), buildKeys,
                probeKeys, keepUnmatchedProbe, outputs, residual, context.maxJoinRows()), List.of(), false);
    }

    /**
     * The joined row's width. With a {@code t.*} output ({@link HashJoinRows.Output#rest()}) only the joined
     * row's own columns tell it: a prepared statement's metadata passes their count (all the leaves' columns
     * combined as {@link #shardColumns} combines them), which is then the answer.
     */
    @Override
    public int columnCount(int shardColumns) {
        return outputs.stream().anyMatch(HashJoinRows.Output::rest) ? shardColumns : outputs.size();
    }

    @Override
    public boolean setResult() {
        return false;
    }

    @Override
    public <T> List<T> shardColumns(Function<MergeShards, List<T>> leafColumns) {
        List<T> b = build.shardColumns(leafColumns);
        List<T> p = probe.shardColumns(leafColumns);
        List<T> out = new ArrayList<>(outputs.size());
        for (HashJoinRows.Output o : outputs) {
            List<T> side = o.build() ? b : p;
            out.addAll(o.rest() ? side.subList(o.column(), side.size()) : List.of(side.get(o.column())));
        }
        return out;
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("HashJoin ").append(keepUnmatchedProbe ? "left outer" : "inner")
                .append(" on build ").append(buildKeys).append(" = probe ").append(probeKeys)
                .append(residual == null ? "" : " and " + residual).append(", columns ")
                .append(outputs).append(" (build side held, at most proxy.max-join-rows)\n");
        Plan.line(out, indent + 1).append("build:\n");
        build.describeTo(out, indent + 2);
        Plan.line(out, indent + 1).append("probe:\n");
        probe.describeTo(out, indent + 2);
    }
}
