package io.shardgate.router.metadata;

import io.shardgate.router.sql.SqlMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An information_schema view as the client must see it, written as a derived table for the node that answers
 * the query: its own rows ({@link MetadataScope#ownRows}) and, as literal rows, the logical rows folded from
 * what the other queries returned. The client's query then runs on it unchanged, so every predicate, join,
 * aggregate and ORDER BY of the query sees logical tables only.
 */
public final class DerivedTable {

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?");

    private DerivedTable() {
    }

    /**
     * {@code (SELECT * FROM information_schema.V WHERE own UNION ALL SELECT ...)}.
     *
     * @param gathered what each gather returned, the final node's first (its columns are the answer's)
     * @param mode how the answering connection reads string literals
     */
    public static String of(MetadataView view, String ownRows, List<MetadataRows> gathered, TableNames names,
                            SqlMode mode) {
        MetadataRows target = gathered.getFirst();
        List<List<String>> rows = new ArrayList<>(view.rule().fold(gathered, target, names, null));
        int schemaAt = target.index(view.schemaColumn());
        int tableAt = view.tableColumn() == null ? -1 : target.index(view.tableColumn());
        rows.sort(Comparator.comparing((List<String> r) -> key(r, schemaAt)).thenComparing(r -> key(r, tableAt)));
        StringBuilder sql = new StringBuilder("(SELECT * FROM ").append(view.qualifiedName());
        if (ownRows != null) {
            sql.append(" WHERE ").append(ownRows);
        }
        for (List<String> row : rows) {
            sql.append(" UNION ALL SELECT ");
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sql.append(", ");
                }
                literal(sql, row.get(i), target.kinds().get(i), mode);
            }
        }
        return sql.append(')').toString();
    }

    private static String key(List<String> row, int at) {
        return at < 0 || row.get(at) == null ? "" : row.get(at).toLowerCase(Locale.ROOT);
    }

    static void literal(StringBuilder sql, String value, MetadataRows.ValueKind kind, SqlMode mode) {
        if (value == null) {
            sql.append("NULL");
            return;
        }
        switch (kind) {
            case NUMBER -> sql.append(NUMBER.matcher(value).matches() ? value : mode.quote(value));
            case DATETIME -> sql.append("CAST(").append(mode.quote(value)).append(" AS DATETIME)");
            case DATE -> sql.append("CAST(").append(mode.quote(value)).append(" AS DATE)");
            case TEXT -> sql.append(mode.quote(value));
        }
    }
}
