package io.shardgate.proxy.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Primary-key ranges (lower, upper] over a logical table, the unit the verify phase compares: the same range
 * read from every old physical table and from every new one must hold the same rows. A range's checksum is
 * the row count and the XOR of each row's CRC32 over all its stored columns (NULL marked apart from any value),
 * so ranges from several tables combine by adding counts and XOR-ing sums.
 */
final class Chunks {

    /** One range's rows, summed over some tables. */
    record Sum(long rows, long crc) {
        Sum plus(Sum other) {
            return new Sum(rows + other.rows, crc ^ other.crc);
        }

        static final Sum ZERO = new Sum(0, 0);
    }

    private Chunks() {
    }

    static String where(TableShape shape, Object lower, Object upper) {
        String key = TableShape.quote(shape.key());
        if (lower == null && upper == null) {
            return "";
        }
        if (lower == null) {
            return " WHERE " + key + " <= ?";
        }
        return upper == null ? " WHERE " + key + " > ?" : " WHERE " + key + " > ? AND " + key + " <= ?";
    }

    static void bind(PreparedStatement s, Object lower, Object upper) throws SQLException {
        int i = 1;
        if (lower != null) {
            s.setObject(i++, lower);
        }
        if (upper != null) {
            s.setObject(i, upper);
        }
    }

    /** One row's CRC32 over all its stored columns, NULL marked apart from any value. */
    private static String rowCrc(TableShape shape) {
        StringBuilder row = new StringBuilder("CRC32(CONCAT_WS('|'");
        for (String column : shape.columns()) {
            String q = TableShape.quote(column);
            row.append(", IFNULL(CAST(").append(q).append(" AS CHAR), '\\\\N'), ISNULL(").append(q).append(')');
        }
        return row.append("))").toString();
    }

    /** Each row's CRC32 by key, of one physical table's rows in (lower, upper]: where two chunks differ. */
    static java.util.Map<Object, Long> rowSums(Connection c, String physical, TableShape shape, Object lower,
                                               Object upper) throws SQLException {
        String sql = "SELECT " + TableShape.quote(shape.key()) + ", " + rowCrc(shape) + " FROM "
                + TableShape.quote(physical) + where(shape, lower, upper);
        java.util.Map<Object, Long> out = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, lower, upper);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(RowMover.keyValue(rs.getObject(1)), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** The checksum of one physical table's rows in (lower, upper]. */
    static Sum sum(Connection c, String physical, TableShape shape, Object lower, Object upper) throws SQLException {
        String sql = "SELECT COUNT(*), IFNULL(BIT_XOR(" + rowCrc(shape) + "), 0) FROM " + TableShape.quote(physical)
                + where(shape, lower, upper);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, lower, upper);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Sum(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The highest key of one physical table, or null when it is empty. */
    static Object maxKey(Connection c, String physical, TableShape shape) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(" + TableShape.quote(shape.key()) + ") FROM "
                + TableShape.quote(physical)); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getObject(1) == null ? null : RowMover.keyValue(rs.getObject(1));
        }
    }

    /** The key {@code size} rows past {@code lower} in one physical table, or null when it has fewer. */
    static Object upperBound(Connection c, String physical, TableShape shape, Object lower, int size)
            throws SQLException {
        String key = TableShape.quote(shape.key());
        String sql = "SELECT " + key + " FROM " + TableShape.quote(physical) + where(shape, lower, null)
                + " ORDER BY " + key + " LIMIT 1 OFFSET " + (size - 1);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, lower, null);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? RowMover.keyValue(rs.getObject(1)) : null;
            }
        }
    }
}
