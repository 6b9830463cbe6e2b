package io.shardgate.router.metadata;

import java.util.List;
import java.util.Locale;

/**
 * A small result a node returned for a metadata query, values as text (null for SQL NULL), with each column's
 * name and the kind of literal that writes its values back into SQL.
 */
public record MetadataRows(List<String> columns, List<ValueKind> kinds, List<List<String>> rows) {

    /** How a value is written back as an SQL literal of the same type. */
    public enum ValueKind {
        /** Integers and decimals: as they are. */
        NUMBER,
        /** DATETIME / TIMESTAMP: {@code CAST('...' AS DATETIME)}, so a UNION keeps the column's type. */
        DATETIME,
        DATE,
        /** Anything else: a string literal. */
        TEXT
    }

    public MetadataRows {
        columns = List.copyOf(columns);
        kinds = List.copyOf(kinds);
        if (kinds.size() != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + kinds.size() + " kinds");
        }
    }

    /** The index of {@code column} (any case), or -1. */
    public int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
