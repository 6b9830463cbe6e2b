package io.shardgate.proxy.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A reshard's progress, kept in a table of the schema's database on its default node ({@value #TABLE}, one row
 * per schema: one reshard at a time), so a proxy restarted mid-way resumes: the copy from each old table's last
 * copied key, the catch-up from the binlog positions taken before the copy began (changes since then are re-read,
 * so starting there again loses nothing and repeats nothing harmful). After the cutover the row says which old
 * tables {@code RESHARD CLEANUP} drops.
 *
 * @param table the logical table named in the command
 * @param targetFile the file named in the command
 * @param startPositions source node -> {@code @@gtid_binlog_pos} before the copy
 * @param copied old physical table ({@code node/table}) -> last copied key (text), absent before its first chunk,
 *     {@code "done"} when finished
 * @param oldTables what the cutover left behind, {@code node/table} comma-separated (after the cutover only)
 */
record ReshardState(String table, String targetFile, int generation, String phase,
                    Map<String, String> startPositions, Map<String, String> copied, String oldTables, String error) {

    static final String TABLE = "shardgate_reshard";
    static final String COPY_DONE = "done";

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, logical_table VARCHAR(200),"
                    + " target_file VARCHAR(4000), generation INT, phase VARCHAR(20), start_positions TEXT,"
                    + " copied TEXT, old_tables TEXT, error TEXT,"
                    + " updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)");
        }
    }

    static Optional<ReshardState> read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT logical_table, target_file, generation, phase, start_positions, "
                     + "copied, old_tables, error FROM " + TABLE + " WHERE id = 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new ReshardState(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                    decode(rs.getString(5)), decode(rs.getString(6)), rs.getString(7), rs.getString(8)));
        }
    }

    void write(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("REPLACE INTO " + TABLE + " (id, logical_table, target_file, "
                + "generation, phase, start_positions, copied, old_tables, error) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, table);
            s.setString(2, targetFile);
            s.setInt(3, generation);
            s.setString(4, phase);
            s.setString(5, encode(startPositions));
            s.setString(6, encode(copied));
            s.setString(7, oldTables);
            s.setString(8, error);
            s.executeUpdate();
        }
    }

    static void delete(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + TABLE + " WHERE id = 1");
        }
    }

    ReshardState phase(String next, String why) {
        return new ReshardState(table, targetFile, generation, next, startPositions, copied, oldTables, why);
    }

    boolean unfinished() {
        return !phase.equals("DONE") && !phase.equals("FAILED") && !phase.equals("CANCELLED")
                && !phase.equals("CLEANED");
    }

    /** {@code key=value} lines; keys and values are node/table names, GTID lists and key texts, never newlines. */
    private static String encode(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return out;
    }
}
