package io.shardgate.router.plan;

import io.shardgate.router.merge.MatchedRows;
import java.util.List;

/**
 * {@code INTERSECT [ALL]} or {@code EXCEPT [ALL]} of two SELECTs, each planned on its own: see {@link MatchedRows}
 * for what is kept. The left input is held in memory (at most {@link ReadContext#maxSortRows()} rows, else 1038),
 * then the right one is opened and matched against it; rows compare under each column's collation, NULLs equal.
 * ORDER BY / LIMIT over the result are a {@link Sort} / {@link Limit} above.
 *
 * @param all {@code ALL} (duplicates counted) rather than DISTINCT
 */
public record MatchedSets(MatchedRows.Kind kind, ReadPlan left, ReadPlan right, boolean all) implements ReadPlan {

    @Override
    public List<ReadPlan> inputs() {
        return List.of(left, right);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = left.open(context);
        return new Opened(new MatchedRows(kind, all, in.rows(), () -> right.open(context).rows(),
                context.maxSortRows()), List.of(), false);
    }

    @Override
    public boolean setResult() {
        return true;
    }

    @Override
    public int columnCount(int shardColumns) {
        return left.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append(kind == MatchedRows.Kind.INTERSECT ? "Intersect" : "Except")
                .append(all ? " all" : "").append(" (left held in memory, right matched against it)\n");
        left.describeTo(out, indent + 1);
        right.describeTo(out, indent + 1);
    }
}
