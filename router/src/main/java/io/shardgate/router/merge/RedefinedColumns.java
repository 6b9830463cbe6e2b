package io.shardgate.router.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The input's rows under other definitions for some of its columns (a column the proxy fills later, typed
 * by a server that computed the same expression): the values pass unchanged. Streaming.
 */
public final class RedefinedColumns implements RowStream {

    private final RowStream input;
    private final List<ColumnMeta> columns;

    /** @param redefined the new definition of column {@code columns.get(i)} is {@code definitions.get(i)} */
    public RedefinedColumns(RowStream input, List<Integer> redefined, List<ColumnMeta> definitions) {
        this.input = input;
        List<ColumnMeta> out = new ArrayList<>(input.columns());
        for (int i = 0; i < redefined.size(); i++) {
            out.set(redefined.get(i), definitions.get(i));
        }
        this.columns = List.copyOf(out);
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Row next() {
        return input.next();
    }

    @Override
    public void close() {
        input.close();
    }
}
