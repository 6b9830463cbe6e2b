package io.shardgate.router.merge;

import java.util.List;

/**
 * The last step: the client sees only the first {@code visibleColumns}; the columns the planner appended
 * for sorting, AVG counts or DISTINCT aggregates are cut off. Streaming, one row at a time.
 */
public final class DropHiddenColumns implements RowStream {

    private final RowStream input;
    private final int visibleColumns;
    private final List<ColumnMeta> columns;

    public DropHiddenColumns(RowStream input, int visibleColumns) {
        List<ColumnMeta> all = input.columns();
        if (visibleColumns < 0 || visibleColumns > all.size()) {
            throw new IllegalArgumentException(visibleColumns + " visible columns of " + all.size());
        }
        this.input = input;
        this.visibleColumns = visibleColumns;
        this.columns = List.copyOf(all.subList(0, visibleColumns));
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        Row row = input.next();
        return row == null ? null : row.firstColumns(visibleColumns);
    }

    @Override
    public void close() {
        input.close();
    }

    @Override
    public String toString() {
        return Streams.nested("DropHiddenColumns(keep " + visibleColumns + ")", input);
    }
}
