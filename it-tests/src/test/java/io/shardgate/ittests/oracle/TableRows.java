package io.shardgate.ittests.oracle;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one logical table, as Java values, and the multi-row INSERTs that load them. The same
 * statements run through the proxy (which splits each INSERT per shard) and against the reference database,
 * so both hold exactly the same values.
 */
record TableRows(String table, List<String> columns, List<List<Object>> rows) {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    TableRows {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** {@code INSERT INTO table (columns) VALUES (...), ...} with at most {@code perStatement} rows each. */
    List<String> inserts(int perStatement) {
        List<String> statements = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += perStatement) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                    .append(String.join(", ", columns)).append(") VALUES ");
            for (int r = from; r < Math.min(rows.size(), from + perStatement); r++) {
                sql.append(r > from ? ", (" : "(");
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    sql.append(c > 0 ? ", " : "").append(literal(row.get(c)));
                }
                sql.append(')');
            }
            statements.add(sql.toString());
        }
        return statements;
    }

    /** A value as MySQL literal text (default sql_mode: backslash escapes apply). */
    static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
            case BigDecimal d -> d.toPlainString();
            case LocalDateTime t -> "'" + DATETIME.format(t) + "'";
            case LocalDate d -> "'" + d + "'";
            case Boolean b -> b ? "1" : "0";
            default -> value.toString(); // Long, Integer, Double (Java's 1.0E300 reads back as the same double)
        };
    }
}
