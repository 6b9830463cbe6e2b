package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Server-side prepared statements on a sharded table: the proxy prepares, binds the parameters per
 * EXECUTE, routes by the bound key, and answers in the binary protocol — point reads, scatter merges,
 * aggregates, writes split by key.
 */
@ExtendWith(SharedBackends.class)
class ShardedPreparedIT {

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, "prepared_it", """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - name: items
                        shard-key: owner
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                      - name: docs
                        shard-key: owner
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [2, 2]
                """);
        try (Connection c = proxy.connect("")) {
            c.createStatement().execute("CREATE TABLE items (id BIGINT PRIMARY KEY, owner INT NOT NULL, "
                    + "price DECIMAL(10,2), label VARCHAR(40), made DATETIME, data MEDIUMBLOB)");
            c.createStatement().execute("CREATE TABLE docs (id BIGINT PRIMARY KEY, owner INT NOT NULL, "
                    + "body MEDIUMBLOB, note MEDIUMTEXT) DEFAULT CHARSET utf8mb4");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void serverSidePreparedStatementsRouteByTheBoundKey() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true&cachePrepStmts=true")) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO items (id, owner, price, label, made) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 40; i++) {
                    insert.setLong(1, i);
                    insert.setInt(2, i % 7);
                    insert.setBigDecimal(3, new BigDecimal(i + ".25"));
                    insert.setString(4, i % 3 == 0 ? null : "label-" + i);
                    insert.setTimestamp(5, Timestamp.valueOf("2025-03-0" + (1 + i % 9) + " 10:00:00"));
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            try (PreparedStatement point = c.prepareStatement("SELECT id, price, label, made FROM items WHERE owner = ? ORDER BY id")) {
                point.setInt(1, 3);
                assertThat(ids(point.executeQuery())).containsExactly(3L, 10L, 17L, 24L, 31L, 38L);
                point.setInt(1, 5);
                try (ResultSet rs = point.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("5.25");
                    assertThat(rs.getString(3)).isEqualTo("label-5");
                    assertThat(rs.getTimestamp(4)).isEqualTo(Timestamp.valueOf("2025-03-06 10:00:00"));
                }
            }
            try (PreparedStatement scatter = c.prepareStatement("SELECT id FROM items WHERE price > ? ORDER BY id DESC LIMIT ?")) {
                scatter.setBigDecimal(1, new BigDecimal("30"));
                scatter.setInt(2, 3);
                assertThat(ids(scatter.executeQuery())).containsExactly(40L, 39L, 38L);
            }
            try (PreparedStatement agg = c.prepareStatement(
                    "SELECT owner, COUNT(*), SUM(price) FROM items WHERE id <= ? GROUP BY owner ORDER BY owner")) {
                agg.setInt(1, 14);
                try (ResultSet rs = agg.executeQuery()) {
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(rs.getInt(1) + ":" + rs.getLong(2) + ":" + rs.getBigDecimal(3));
                    }
                    assertThat(rows).containsExactly("0:2:21.50", "1:2:9.50", "2:2:11.50", "3:2:13.50",
                            "4:2:15.50", "5:2:17.50", "6:2:19.50");
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE items SET label = ? WHERE owner = ?")) {
                update.setString(1, "six");
                update.setInt(2, 6);
                assertThat(update.executeUpdate()).isEqualTo(5);
            }
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM items WHERE label = ?")) {
                count.setString(1, "six");
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                }
            }
        }
    }

    /**
     * Prepared with a '?' key, WITH ROLLUP and window functions run on one shard or merge across several;
     * SQL_CALC_FOUND_ROWS cannot be merged, and since at PREPARE the key could be any shard, the decision waits
     * for EXECUTE: a key on one shard runs there, keys on several get 1235.
     */
    @Test
    void oneShardConstructsArePreparedAndDecidedAtExecute() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true")) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items (id, owner, price) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 6; i++) {
                    insert.setLong(1, 1000 + i);
                    insert.setInt(2, 100 + i % 2);
                    insert.setBigDecimal(3, new BigDecimal(i));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement rollup = c.prepareStatement(
                    "SELECT owner, COUNT(*) AS n, SUM(price) FROM items WHERE owner = ? GROUP BY owner WITH ROLLUP");
                 PreparedStatement window = c.prepareStatement("SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn "
                         + "FROM items WHERE owner = ? ORDER BY id");
                 PreparedStatement rolledUp = c.prepareStatement(
                         "SELECT owner, COUNT(*) FROM items WHERE owner IN (?, ?) GROUP BY owner WITH ROLLUP");
                 PreparedStatement several = c.prepareStatement(
                         "SELECT SQL_CALC_FOUND_ROWS owner, id FROM items WHERE owner IN (?, ?) ORDER BY id LIMIT 1")) {
                assertThat(rollup.getMetaData().getColumnCount()).isEqualTo(3);
                assertThat(rollup.getMetaData().getColumnLabel(2)).isEqualTo("n");
                rollup.setInt(1, 101);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = rollup.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + ":" + rs.getLong(2) + ":" + rs.getBigDecimal(3));
                    }
                }
                assertThat(rows).containsExactly("101:3:9.00", "null:3:9.00");
                window.setInt(1, 100);
                List<String> numbered = new ArrayList<>();
                try (ResultSet rs = window.executeQuery()) {
                    while (rs.next()) {
                        numbered.add(rs.getLong(1) + "#" + rs.getLong(2));
                    }
                }
                assertThat(numbered).containsExactly("1000#3", "1002#2", "1004#1");
                rolledUp.setInt(1, 100);
                rolledUp.setInt(2, 101); // hash-mod: another shard; the merge rolls the groups up
                List<String> totals = new ArrayList<>();
                try (ResultSet rs = rolledUp.executeQuery()) {
                    while (rs.next()) {
                        totals.add(rs.getString(1) + ":" + rs.getLong(2));
                    }
                }
                assertThat(totals).containsExactly("100:3", "101:3", "null:6");
                several.setInt(1, 100);
                several.setInt(2, 101);
                assertThatThrownBy(several::executeQuery).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(1235));
                several.setInt(2, 104); // 100 and 104 share a shard
                try (ResultSet rs = several.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(100);
                    assertThat(rs.getLong(2)).isEqualTo(1000);
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM items WHERE id >= ?")) {
                delete.setLong(1, 1000);
                delete.executeUpdate();
            }
        }
    }

    @Test
    void shardKeyMoveIsRefusedAtExecute() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true");
             PreparedStatement move = c.prepareStatement("UPDATE items SET owner = ? WHERE owner = ? AND id = ?")) {
            move.setInt(1, 2);
            move.setInt(2, 1);
            move.setLong(3, 1);
            assertThatThrownBy(move::executeUpdate).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1235));
        }
    }

    /**
     * COM_STMT_SEND_LONG_DATA on sharded tables: on a statement the proxy routes itself the chunks collect in
     * the proxy and the EXECUTE binds them as the parameter's value; on one pinned to a shard (the key is a
     * literal) they pass through. Every byte value (NUL, quotes, backslashes, invalid UTF-8), text with
     * 4-byte characters and a 1 MiB value must land unchanged on the row's shard, read back directly and
     * through the proxy, with both drivers.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mysql, routed insert, 10", "mysql, routed update, 20", "mysql, pinned insert, 30",
            "mariadb, routed insert, 40", "mariadb, routed update, 50"})
    void longDataParametersStoreExactlyTheirBytes(String driver, String statement, long id) throws Exception {
        byte[] everyByte = new byte[3 * 256 + 4];
        for (int i = 0; i < 3 * 256; i++) {
            everyByte[i] = (byte) i;
        }
        System.arraycopy(new byte[] {'\'', '\\', '"', 0}, 0, everyByte, 3 * 256, 4);
        byte[] mebibyte = new byte[1024 * 1024 + 3];
        new java.util.Random(id).nextBytes(mebibyte);
        String text = "it's a \\ \"text\" with ünïcödé, \u0000 and 😀 ".repeat(2000);
        String url = proxy.jdbcUrl("useServerPrepStmts=true").replace("jdbc:mysql:", "jdbc:" + driver + ":");
        try (Connection c = java.sql.DriverManager.getConnection(url, ProxyFixture.USER, ProxyFixture.PASSWORD)) {
            if (statement.equals("routed update")) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO docs (id, owner) VALUES (?, ?)")) {
                    for (long row = id; row <= id + 1; row++) {
                        insert.setLong(1, row);
                        insert.setInt(2, (int) row % 7);
                        insert.executeUpdate();
                    }
                }
            }
            String sql = switch (statement) {
                case "routed insert" -> "INSERT INTO docs (body, note, id, owner) VALUES (?, ?, ?, ?)";
                case "routed update" -> "UPDATE docs SET body = ?, note = ? WHERE id = ? AND owner = ?";
                default -> "INSERT INTO docs (body, note, id, owner) VALUES (?, ?, ?, " + id % 7 + ")";
            };
            try (PreparedStatement write = c.prepareStatement(sql)) {
                write.setBinaryStream(1, new java.io.ByteArrayInputStream(everyByte), everyByte.length);
                write.setCharacterStream(2, new java.io.StringReader(text), text.length());
                write.setLong(3, id);
                if (!statement.equals("pinned insert")) {
                    write.setInt(4, (int) id % 7);
                }
                assertThat(write.executeUpdate()).isEqualTo(1);
                if (!statement.equals("pinned insert")) { // a pinned statement's key is fixed: one row only
                    write.setBlob(1, new java.io.ByteArrayInputStream(mebibyte));
                    write.setNull(2, java.sql.Types.VARCHAR);
                    write.setLong(3, id + 1);
                    write.setInt(4, (int) (id + 1) % 7);
                    assertThat(write.executeUpdate()).isEqualTo(1);
                }
            }
        }
        assertThat(directly(id, "body")).isEqualTo(everyByte);
        assertThat(directly(id, "note")).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        readBack(id, everyByte, text);
        if (!statement.equals("pinned insert")) {
            assertThat(directly(id + 1, "body")).isEqualTo(mebibyte);
            readBack(id + 1, mebibyte, null);
        }
    }

    /** Row {@code id} of docs through the proxy, prepared and as text, holds these values. */
    private static void readBack(long id, byte[] body, String note) throws SQLException {
        for (String options : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            try (Connection c = proxy.connect(options);
                 PreparedStatement read = c.prepareStatement("SELECT body, note FROM docs WHERE owner = ? AND id = ?")) {
                read.setInt(1, (int) id % 7);
                read.setLong(2, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).as(options).isEqualTo(body);
                    assertThat(rs.getString(2)).as(options).isEqualTo(note);
                }
            }
        }
    }

    /** The column of row {@code id} of docs, found by asking every physical table on every primary. */
    private static byte[] directly(long id, String column) throws SQLException {
        List<byte[]> found = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            try (Connection c = proxy.direct(node, ""); java.sql.Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = DATABASE() AND table_name LIKE 'docs\\_%'")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                assertThat(tables).as("physical tables on ds%d", node).hasSize(2);
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " WHERE id = " + id)) {
                        while (rs.next()) {
                            found.add(rs.getBytes(1));
                        }
                    }
                }
            }
        }
        assertThat(found).as("row %d on the backends", id).hasSize(1);
        return found.getFirst();
    }

    private static List<Long> ids(ResultSet rs) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
