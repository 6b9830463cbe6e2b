package io.shardgate.ittests.proxy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client sees from a session of statements: for each, its result rows with column labels and JDBC
 * types, its update count, or its error (code and SQLSTATE; messages may name different hosts). Two
 * transcripts of the same session, one direct and one through the proxy, must be equal.
 */
public final class Transcript {

    private final List<String> lines = new ArrayList<>();

    public List<String> lines() {
        return lines;
    }

    /** Runs each statement with a plain Statement (text protocol); the last line is the outcome. */
    public Transcript run(Connection c, List<String> statements) {
        for (String sql : statements) {
            try (Statement s = c.createStatement()) {
                record(sql, s.execute(sql) ? s.getResultSet() : null, s.getUpdateCount());
                while (s.getMoreResults() || s.getUpdateCount() != -1) {
                    record(sql + " (next result)", s.getResultSet(), s.getUpdateCount());
                }
            } catch (SQLException e) {
                lines.add(sql + " -> ERROR " + e.getErrorCode() + " (" + e.getSQLState() + ")");
            }
        }
        return this;
    }

    /** Runs statements as prepared statements; each is {@code sql} plus its parameters. */
    public Transcript runPrepared(Connection c, List<Object[]> statements) {
        for (Object[] st : statements) {
            String sql = (String) st[0];
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 1; i < st.length; i++) {
                    ps.setObject(i, st[i]);
                }
                record(sql, ps.execute() ? ps.getResultSet() : null, ps.getUpdateCount());
            } catch (SQLException e) {
                lines.add(sql + " -> ERROR " + e.getErrorCode() + " (" + e.getSQLState() + ")");
            }
        }
        return this;
    }

    private void record(String sql, ResultSet rs, int updateCount) throws SQLException {
        if (rs == null) {
            lines.add(sql + " -> " + updateCount + " rows affected");
            return;
        }
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder header = new StringBuilder(sql).append(" -> columns");
            for (int i = 1; i <= md.getColumnCount(); i++) {
                header.append(' ').append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i));
            }
            lines.add(header.toString());
            while (rs.next()) {
                StringBuilder row = new StringBuilder("  ");
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                lines.add(row.toString());
            }
        }
    }
}
