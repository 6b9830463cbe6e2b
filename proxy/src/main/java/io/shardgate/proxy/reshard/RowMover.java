package io.shardgate.proxy.reshard;

import io.shardgate.router.topology.ShardLocation;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rows from a moving table's old physical tables and writes them where the new layout puts them. The copy
 * hands it chunks; the catch-up hands it the keys a binlog transaction touched, and it makes the new layout hold
 * what the old one holds now for those keys ({@link #sync}): the row re-read from the old tables, placed by its
 * shard key, and removed from every other new table (gone from the old layout: removed everywhere). Because it
 * writes the current state and not the event's image, replaying a change twice, or after a later copy of the same
 * row, leaves the same result.
 *
 * <p>Reads of the old tables are locking reads ({@code LOCK IN SHARE MODE}, under READ COMMITTED so no gap is
 * locked): a transaction is in the binlog before its commit is visible in InnoDB, so a plain read right after its
 * binlog event can still see the row as it was, and the change would be lost until the row changes again. A locking
 * read waits for the writer's commit and sees its result.
 *
 * <p>One instance per thread: it keeps one connection per node, opened on first use.
 */
final class RowMover implements AutoCloseable {

    /** Waits for writers that are in the binlog but not yet committed (see the class comment). */
    private static final String LOCKING = " LOCK IN SHARE MODE";

    private final NodeLinks links;
    private final Map<String, Connection> connections = new HashMap<>();

    RowMover(NodeLinks links) {
        this.links = links;
    }

    Connection connection(String node) throws SQLException {
        Connection c = connections.get(node);
        if (c == null || c.isClosed()) {
            c = links.open(node);
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            }
            connections.put(node, c);
        }
        return c;
    }

    /** A chunk of one old physical table: the rows after {@code afterKey} (null: from the first), in key order. */
    List<Object[]> readChunk(ShardLocation old, TableShape shape, Object afterKey, int limit) throws SQLException {
        String sql = "SELECT " + shape.columnList() + " FROM " + TableShape.quote(old.physicalTable())
                + (afterKey == null ? "" : " WHERE " + TableShape.quote(shape.key()) + " > ?")
                + " ORDER BY " + TableShape.quote(shape.key()) + " LIMIT " + limit + LOCKING;
        try (PreparedStatement s = connection(old.node()).prepareStatement(sql)) {
            if (afterKey != null) {
                s.setObject(1, afterKey);
            }
            return rows(s, shape.columns().size());
        }
    }

    /** Rows of an old physical table whose key is in {@code keys}. */
    List<Object[]> readKeys(ShardLocation old, TableShape shape, Collection<Object> keys) throws SQLException {
        String sql = "SELECT " + shape.columnList() + " FROM " + TableShape.quote(old.physicalTable()) + " WHERE "
                + TableShape.quote(shape.key()) + " IN (" + marks(keys.size()) + ")" + LOCKING;
        try (PreparedStatement s = connection(old.node()).prepareStatement(sql)) {
            bind(s, keys, 1);
            return rows(s, shape.columns().size());
        }
    }

    /** Rows of a physical table with a key in (lower, upper] (null: unbounded), for re-copying a chunk. */
    List<Object[]> readRange(ShardLocation at, TableShape shape, Object lower, Object upper) throws SQLException {
        String sql = "SELECT " + shape.columnList() + " FROM " + TableShape.quote(at.physicalTable())
                + Chunks.where(shape, lower, upper) + LOCKING;
        try (PreparedStatement s = connection(at.node()).prepareStatement(sql)) {
            Chunks.bind(s, lower, upper);
            return rows(s, shape.columns().size());
        }
    }

    /** Deletes the rows of a physical table with a key in (lower, upper]. */
    void deleteRange(ShardLocation at, TableShape shape, Object lower, Object upper) throws SQLException {
        try (PreparedStatement s = connection(at.node()).prepareStatement("DELETE FROM "
                + TableShape.quote(at.physicalTable()) + Chunks.where(shape, lower, upper))) {
            Chunks.bind(s, lower, upper);
            s.executeUpdate();
        }
    }

    /** Writes rows into the new tables their shard key names (replacing a row with the same key there). */
    Map<ShardLocation, Set<Object>> write(MovingGroup.Table table, TableShape shape, List<Object[]> rows)
            throws SQLException {
        Map<ShardLocation, List<Object[]>> byTarget = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byTarget.computeIfAbsent(table.target(keyValue(row[shape.shardKeyIndex()])), l -> new ArrayList<>())
                    .add(row);
        }
        Map<ShardLocation, Set<Object>> placed = new HashMap<>();
        for (Map.Entry<ShardLocation, List<Object[]>> e : byTarget.entrySet()) {
            ShardLocation at = e.getKey();
            int n = shape.columns().size();
            try (PreparedStatement s = connection(at.node()).prepareStatement("REPLACE INTO "
                    + TableShape.quote(at.physicalTable()) + " (" + shape.columnList() + ") VALUES (" + marks(n) + ")")) {
                Set<Object> keys = new HashSet<>();
                for (Object[] row : e.getValue()) {
                    for (int i = 0; i < n; i++) {
                        s.setObject(i + 1, row[i]);
                    }
                    s.addBatch();
                    keys.add(keyValue(row[shape.keyIndex()]));
                }
                s.executeBatch();
                placed.put(at, keys);
            }
        }
        return placed;
    }

    /**
     * Makes the new layout hold what the old layout holds now for {@code keys}.
     *
     * @return the rows written (found in the old layout)
     */
    int sync(MovingGroup.Table table, TableShape shape, Collection<Object> keys) throws SQLException {
        List<Object[]> found = new ArrayList<>();
        for (ShardLocation old : table.oldLayout().locations()) {
            found.addAll(readKeys(old, shape, keys));
        }
        Map<ShardLocation, Set<Object>> placed = write(table, shape, found);
        for (ShardLocation at : table.newLayout().locations()) {
            Set<Object> here = placed.getOrDefault(at, Set.of());
            List<Object> elsewhere = keys.stream().filter(k -> !here.contains(k)).toList();
            if (elsewhere.isEmpty()) {
                continue;
            }
            try (PreparedStatement s = connection(at.node()).prepareStatement("DELETE FROM "
                    + TableShape.quote(at.physicalTable()) + " WHERE " + TableShape.quote(shape.key()) + " IN ("
                    + marks(elsewhere.size()) + ")")) {
                bind(s, elsewhere, 1);
                s.executeUpdate();
            }
        }
        return found.size();
    }

    /** Runs one statement on a node. */
    void execute(String node, String sql) throws SQLException {
        try (Statement s = connection(node).createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * A column value as the shard strategies take it: integers as Long (or BigInteger), dates as java.time, the
     * rest as JDBC gives it.
     */
    static Object keyValue(Object v) {
        return switch (v) {
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case java.sql.Date d -> d.toLocalDate();
            case java.sql.Timestamp t -> t.toLocalDateTime();
            case byte[] b -> new String(b, java.nio.charset.StandardCharsets.UTF_8);
            case null, default -> v;
        };
    }

    private static List<Object[]> rows(PreparedStatement s, int columns) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement s, Collection<Object> values, int first) throws SQLException {
        int i = first;
        for (Object v : values) {
            s.setObject(i++, v);
        }
    }

    @Override
    public void close() {
        for (Connection c : connections.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after the work is done: nothing left to lose
            }
        }
        connections.clear();
    }
}
