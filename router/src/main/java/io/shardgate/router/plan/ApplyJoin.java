package io.shardgate.router.plan;

import io.shardgate.router.merge.Row;
import io.shardgate.router.sql.SqlMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link HashJoin} whose inner (build) side is a sharded table joined on its shard key: rather than read the
 * inner table on every shard, the executor first reads the outer side's distinct join values
 * ({@link #outerValues()}), writes the inner side's statement with those values as {@code key IN (...)} lists of
 * at most {@link #BATCH_VALUES} values ({@link #batches}), lets the router split each list per shard, and runs
 * the join with the inner side made of those statements ({@link #withInner}): each shard gets only the values
 * that route to it, and a shard none route to gets nothing.
 *
 * <p>Opened as it is (where no executor ran the first phase: inside a derived table or a set operation), and
 * when the outer side has more than {@code proxy.max-join-rows} distinct values, it is the hash join it
 * carries, over all the inner table's shards. Either way the joined rows and their columns are those of
 * {@link #join()}: the IN lists only drop inner rows no outer value could match.
 *
 * @param join the hash join: its build side is the inner table's statement over every shard
 * @param outerValues the outer side's distinct values of the join column on the inner shard key
 * @param innerPrefix the inner side's statement up to its IN list ({@code ... WHERE (...) AND c.id IN })
 */
public record ApplyJoin(HashJoin join, ReadPlan outerValues, String innerPrefix) implements ReadPlan {

    /** Values per IN list: a statement of bounded length, planned in microseconds, answered from the key's index. */
    public static final int BATCH_VALUES = 500;

    @Override
    public List<ReadPlan> inputs() {
        return join.inputs();
    }

    @Override
    public Opened open(ReadContext context) {
        return join.open(context);
    }

    @Override
    public int columnCount(int shardColumns) {
        return join.columnCount(shardColumns);
    }

    @Override
    public boolean setResult() {
        return false;
    }

    @Override
    public <T> List<T> shardColumns(Function<MergeShards, List<T>> leafColumns) {
        return join.shardColumns(leafColumns);
    }

    /**
     * The inner side's statements for the outer side's values (first column of {@code values}): distinct,
     * non-NULL (NULL matches nothing), written as literals ({@link InlineSubqueries#literal}), at most
     * {@link #BATCH_VALUES} per statement. None for no value: then {@link #noValues()}.
     */
    public List<String> batches(List<Row> values, SqlMode mode) {
        Set<String> literals = new LinkedHashSet<>();
        for (Row r : values) {
            Object v = r.get(0);
            if (v != null) {
                literals.add(InlineSubqueries.literal(v, mode));
            }
        }
        List<String> out = new ArrayList<>();
        StringBuilder sql = null;
        int inBatch = 0;
        for (String literal : literals) {
            if (sql == null) {
                sql = new StringBuilder(innerPrefix).append('(');
            } else {
                sql.append(", ");
            }
            sql.append(literal);
            if (++inBatch == BATCH_VALUES) {
                out.add(sql.append(')').toString());
                sql = null;
                inBatch = 0;
            }
        }
        if (sql != null) {
            out.add(sql.append(')').toString());
        }
        return List.copyOf(out);
    }

    /**
     * The inner side's statement when the outer side has no value: its list is {@code (NULL)}, which no row
     * matches; one shard's answer still tells the inner side's columns.
     */
    public String noValues() {
        return innerPrefix + "(NULL)";
    }

    /** The join with its inner side read by the batches' routes. */
    public HashJoin withInner(ReadPlan inner) {
        return new HashJoin(inner, join.probe(), join.buildKeys(), join.probeKeys(), join.keepUnmatchedProbe(),
                join.outputs(), join.residual());
    }

    /** The first apply join of {@code tree}, depth first; null for none. */
    public static ApplyJoin in(ReadPlan tree) {
        if (tree instanceof ApplyJoin a) {
            return a;
        }
        for (ReadPlan input : tree.inputs()) {
            ApplyJoin found = in(input);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("ApplyJoin ").append(join.keepUnmatchedProbe() ? "left outer" : "inner")
                .append(" on build ").append(join.buildKeys()).append(" = probe ").append(join.probeKeys())
                .append(", columns ").append(join.outputs()).append(": the outer values first, then the inner side ")
                .append("in batches of ").append(BATCH_VALUES).append(" values to the shards they route to")
                .append(" (over proxy.max-join-rows values: the hash join)\n");
        Plan.line(out, indent + 1).append("outer values:\n");
        outerValues.describeTo(out, indent + 2);
        Plan.line(out, indent + 1).append("inner batches: ").append(innerPrefix).append("(...)\n");
        Plan.line(out, indent + 1).append("probe:\n");
        join.probe().describeTo(out, indent + 2);
        Plan.line(out, indent + 1).append("hash join build (without the outer values):\n");
        join.build().describeTo(out, indent + 2);
    }
}
