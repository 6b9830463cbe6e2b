package io.shardgate.ittests.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client saw from one query: the columns and rows (every value as {@code getString} gives it, null
 * for SQL NULL), or the error.
 */
record QueryOutcome(List<Column> columns, List<List<String>> rows, Error error) {

    /** A column as {@code ResultSetMetaData} describes it. */
    record Column(String label, String name, int jdbcType, String typeName, int scale, int precision, String table) {
        /** What must equal a single server's answer (the column length is documented to differ). */
        String essential() {
            return label + " " + typeName + "(" + jdbcType + ") scale " + scale
                    + (name.equals(label) ? "" : " name " + name) + (table.isEmpty() ? "" : " table " + table);
        }

        @Override
        public String toString() {
            return essential() + " precision " + precision;
        }
    }

    /** A MySQL error as the client got it. */
    record Error(int code, String sqlState, String message) {
        @Override
        public String toString() {
            return "ERROR " + code + " (" + sqlState + "): " + message;
        }
    }

    boolean failed() {
        return error != null;
    }

    static QueryOutcome run(Connection c, Mode mode, String sql) {
        try {
            if (mode == Mode.TEXT) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    return read(rs);
                }
            }
            Parameterizer.Parameterized p = Parameterizer.parameterize(sql);
            try (PreparedStatement ps = c.prepareStatement(p.sql())) {
                for (int i = 0; i < p.values().size(); i++) {
                    ps.setObject(i + 1, p.values().get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return read(rs);
                }
            }
        } catch (SQLException e) {
            return new QueryOutcome(List.of(), List.of(), new Error(e.getErrorCode(), e.getSQLState(), e.getMessage()));
        }
    }

    private static QueryOutcome read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new Column(md.getColumnLabel(i), md.getColumnName(i), md.getColumnType(i),
                    md.getColumnTypeName(i), md.getScale(i), md.getPrecision(i), md.getTableName(i)));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new QueryOutcome(columns, rows, null);
    }

    @Override
    public String toString() {
        return failed() ? error.toString() : rows.size() + " rows, columns " + columns;
    }
}
