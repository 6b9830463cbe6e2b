package io.shardgate.router.plan;

import io.shardgate.router.merge.DistinctRows;
import java.util.List;
import java.util.stream.IntStream;

/**
 * SELECT DISTINCT across shards: drops the rows equal, under each column's collation, to one already
 * returned (each shard returned distinct rows; another shard may have returned the same). The first
 * occurrence is kept, so the input's order is kept too.
 *
 * <p><b>Chosen when opened:</b> the sorted {@link DistinctRows} (memory: the last row) when the input
 * arrives sorted on exactly the compared columns and their collations compare exactly
 * ({@link Opened#adjacentOn}); otherwise the hashed one (memory: one key per distinct row). Over at most
 * one row nothing is done.
 *
 * @param columns rows are compared on their first {@code columns} columns (zero or less: all but the last
 *     {@code -columns}, see {@link ReadPlan})
 */
public record Distinct(ReadPlan input, int columns) implements ReadPlan {

    @Override
    public List<ReadPlan> inputs() {
        return List.of(input);
    }

    @Override
    public Opened open(ReadContext context) {
        Opened in = input.open(context);
        if (in.singleRow()) {
            return in;
        }
        int width = in.rows().columns().size();
        int compared = ReadPlan.absoluteCount(columns, width);
        if (compared < 1 || compared > width) {
            throw new IllegalArgumentException("distinct on " + compared + " of " + width + " columns");
        }
        var sortedOn = in.adjacentOn(IntStream.range(0, compared).boxed().toList());
        DistinctRows rows = sortedOn != null ? DistinctRows.sorted(in.rows(), sortedOn, compared)
                : DistinctRows.hashed(in.rows(), compared);
        return new Opened(rows, in.order(), false);
    }

    @Override
    public int columnCount(int shardColumns) {
        return input.columnCount(shardColumns);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("Distinct on ").append(ReadPlan.count(columns))
                .append(columns == 1 ? " column" : " columns")
                .append(" (streams if the input order and collation allow, else hashes)\n");
        input.describeTo(out, indent + 1);
    }
}
