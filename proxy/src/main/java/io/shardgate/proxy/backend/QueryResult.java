package io.shardgate.proxy.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small, fully buffered result of {@link BackendConnection#query}: column labels and rows as
 * strings (SQL NULL as null), or the OK counters of a statement without result set. With several
 * statements, the last result set (or the last OK) wins.
 */
public record QueryResult(List<String> columns, List<List<String>> rows, long affectedRows, long lastInsertId,
                          int warnings, String info, int serverStatus) {

    public QueryResult {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
        info = info == null ? "" : info;
    }

    /** The first column of the first row, or null when there is none. */
    public String firstValue() {
        return rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
    }

    public boolean hasResultSet() {
        return !columns.isEmpty();
    }
}
