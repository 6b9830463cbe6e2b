package io.shardgate.router.merge;

import io.shardgate.router.plan.MergeSpec.RowPredicate;

import java.util.List;

/**
 * HAVING over merged groups: the planner's compiled predicate sees the merged row (hidden columns
 * included) and drops the groups it rejects. Streaming, no memory of its own. A shard's partial
 * aggregates cannot decide HAVING, so it is evaluated only here.
 */
public final class Having implements RowStream {

    private final RowStream input;
    private final RowPredicate predicate;

    public Having(RowStream input, RowPredicate predicate) {
        this.input = input;
        this.predicate = predicate;
    }

    @Override
    public List<ColumnMeta> columns() {
        return input.columns();
    }

    @Override
    public Row next() {
        for (Row row; (row = input.next()) != null; ) {
            if (predicate.test(row)) {
                return row;
            }
        }
        return null;
    }

    @Override
    public void close() {
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("Having", input);
    }
}
