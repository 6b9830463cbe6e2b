package io.shardgate.router.merge;

import java.util.Iterator;
import java.util.List;

/** Rows already in memory as a stream: a shard's answer the proxy read whole (a subquery's). */
public final class RowList implements RowStream {

    private final List<ColumnMeta> columns;
    private final Iterator<Row> rows;
    private boolean closed;

    public RowList(List<ColumnMeta> columns, List<Row> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows.iterator();
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        return !closed && rows.hasNext() ? rows.next() : null;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "RowList";
    }
}
