package io.shardgate.proxy.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reshard needs to know of a logical table's columns, read from one of its physical tables: the stored
 * columns in order (generated columns are left to the server) and the one-column primary key the copy chunks by
 * and the catch-up identifies rows with.
 *
 * @param shardKeyIndex the shard key's position in {@code columns}
 * @param keyIndex the primary key's position in {@code columns}
 * @param keyOrdinal the primary key's position among all the table's columns, generated ones included (as a
 *     binlog row image counts them)
 */
record TableShape(List<String> columns, int keyIndex, int shardKeyIndex, int keyOrdinal) {

    String key() {
        return columns.get(keyIndex);
    }

    /** {@code `a`, `b`, `c`}. */
    String columnList() {
        return String.join(", ", columns.stream().map(TableShape::quote).toList());
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static TableShape read(Connection c, String schema, String physical, String logical, String shardKey)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            s.setString(1, schema);
            s.setString(2, physical);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(2);
                    all.add(rs.getString(1));
                    if (extra == null || !extra.toUpperCase(java.util.Locale.ROOT).contains("GENERATED")) {
                        columns.add(rs.getString(1));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            throw new ReshardException("table " + physical + " of " + logical + " does not exist in " + schema);
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
            s.setString(1, schema);
            s.setString(2, physical);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        if (key.size() != 1) {
            throw new ReshardException(logical + " has " + (key.isEmpty() ? "no primary key" : "a primary key of "
                    + key.size() + " columns") + ": RESHARD copies and follows rows by a one-column primary key");
        }
        int shardKeyIndex = indexOf(columns, shardKey);
        if (shardKeyIndex < 0) {
            throw new ReshardException(logical + " has no stored column " + shardKey + " (its shard key)");
        }
        int keyIndex = indexOf(columns, key.getFirst());
        if (keyIndex < 0) {
            throw new ReshardException(logical + "'s primary key " + key.getFirst() + " is a generated column: "
                    + "RESHARD needs a stored one");
        }
        return new TableShape(List.copyOf(columns), keyIndex, shardKeyIndex, indexOf(all, key.getFirst()));
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
