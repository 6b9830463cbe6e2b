package io.shardgate.router.merge;

import java.util.List;

/**
 * The operator under a plan's {@code Filter} node: drops the rows the predicate rejects, for instance
 * HAVING over merged groups (a shard's partial aggregates cannot decide HAVING, so it is evaluated only
 * here, over the merged row with its hidden columns). Streaming, no memory of its own.
 */
public final class FilterRows implements RowStream {

    private final RowStream input;
    private final RowPredicate predicate;

    public FilterRows(RowStream input, RowPredicate predicate) {
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
        return Streams.nested("Filter(" + predicate + ")", input);
    }
}
