package io.shardgate.proxy.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An answer of the admin interface as a table: named columns, rows of text (null for SQL NULL). The admin listener
 * sends it as a MySQL result set; tests and tools read it as it is.
 */
public record AdminTable(List<String> columns, List<List<String>> rows) {

    public AdminTable {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(row.size() + " values for " + columns.size() + " columns");
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = List.copyOf(copy);
    }

    /** A table with these columns, rows added by {@link Builder#row}. */
    public static Builder of(String... columns) {
        return new Builder(Arrays.asList(columns));
    }

    public static final class Builder {
        private final List<String> columns;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(List<String> columns) {
            this.columns = columns;
        }

        /** One row; each value's {@code String.valueOf}, nulls kept as SQL NULL. */
        public Builder row(Object... values) {
            List<String> row = new ArrayList<>(values.length);
            for (Object v : values) {
                row.add(v == null ? null : String.valueOf(v));
            }
            rows.add(row);
            return this;
        }

        public AdminTable build() {
            return new AdminTable(columns, rows);
        }
    }
}
