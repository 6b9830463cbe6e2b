package com.example.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the nodes hold, read straight from their servers (not through the proxy), and where sharding.yaml puts a
 * user's rows: hash-mod over 4 physical tables, {@code _0000} and {@code _0001} on ds0, {@code _0002} and
 * {@code _0003} on ds1.
 */
final class Nodes {

    static final int NODES = 2;
    static final int TABLES = 4;

    private Nodes() {
    }

    static int tableOf(long userId) {
        return (int) Math.floorMod(userId, (long) TABLES);
    }

    static int nodeOf(long userId) {
        return tableOf(userId) / (TABLES / NODES);
    }

    /** {@code orders_0003} for user 7. */
    static String physical(String table, long userId) {
        return "%s_%04d".formatted(table, tableOf(userId));
    }

    /** Every physical table of {@code table} with the node that holds it, e.g. (0, orders_0000) ... (1, orders_0003). */
    static List<Map.Entry<Integer, String>> allPhysical(String table) {
        List<Map.Entry<Integer, String>> all = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            all.add(Map.entry(t / (TABLES / NODES), "%s_%04d".formatted(table, t)));
        }
        return all;
    }

    /** Rows as column label (lower case) to value. */
    static List<Map<String, Object>> rows(int node, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = LocalShardgate.get().direct(node);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c).toLowerCase(Locale.ROOT), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The first column of each row, as text. */
    static List<String> column(int node, String sql, Object... params) throws SQLException {
        return rows(node, sql, params).stream().map(row -> String.valueOf(row.values().iterator().next())).toList();
    }

    static long count(int node, String sql, Object... params) throws SQLException {
        return ((Number) rows(node, sql, params).getFirst().values().iterator().next()).longValue();
    }
}
