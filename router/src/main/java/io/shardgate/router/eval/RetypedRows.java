package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Row;
import io.shardgate.router.merge.RowStream;
import java.util.List;

/**
 * Rows the proxy computed, given the columns a server reported for the same statement (its result for no
 * rows): the client sees the server's column definitions, and each value is put in its column's type (a
 * DECIMAL at the column's scale) as {@link ProjectRows} does. The computed rows may carry hidden columns
 * after the typed ones; they are dropped. Streaming.
 */
public final class RetypedRows implements RowStream {

    private final RowStream input;
    private final List<ColumnMeta> columns;

    /** @param columns the server's columns, at most as many as {@code input} has */
    public RetypedRows(RowStream input, List<ColumnMeta> columns) {
        if (columns.size() > input.columns().size()) {
            throw new IllegalArgumentException(columns.size() + " typed columns over " + input.columns().size());
        }
        this.input = input;
        this.columns = List.copyOf(columns);
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        Row row = input.next();
        if (row == null) {
            return null;
        }
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ProjectRows.asColumn(row.values()[i], columns.get(i));
        }
        return new Row(out);
    }

    @Override
    public void close() {
        input.close();
    }
}
