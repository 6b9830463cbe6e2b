package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * INSERT ... SELECT across shards, every outcome checked on the backends directly: rows read from sharded,
 * broadcast and unsharded tables land where the target's key routes them (sharded), on every copy (broadcast)
 * or on the default node (unsharded); generated keys; IGNORE / REPLACE / ON DUPLICATE KEY UPDATE with MySQL's
 * affected rows and {@code Records / Duplicates / Warnings} info; a duplicate key on one shard undoes every row
 * on every shard, in autocommit and in a transaction; prepared statements. Each test uses its own key range.
 */
@ExtendWith(SharedBackends.class)
class InsertSelectIT {

    private static ShardedTables tables;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        tables = ShardedTables.start(backends, "insert_select_it");
        proxy = tables.proxy();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(ShardedTables.CREATE_ORDERS);
            s.execute(ShardedTables.CREATE_ORDER_ITEMS);
            s.execute(ShardedTables.CREATE_TICKETS);
            s.execute(ShardedTables.CREATE_COUNTRIES);
            s.execute("CREATE TABLE archive (order_id BIGINT NOT NULL PRIMARY KEY, amount DECIMAL(10,2), "
                    + "status VARCHAR(16))");
            s.execute("CREATE TABLE numbers (n BIGINT NOT NULL PRIMARY KEY, label VARCHAR(20))");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void shardedIntoShardedRoutesEveryRowByTheTargetKey() throws SQLException {
        items(100, 112);
        Outcome out = update("INSERT INTO tickets (id, title) SELECT order_id, sku FROM order_items "
                + "WHERE user_id BETWEEN 100 AND 111");
        assertThat(out.affected()).isEqualTo(12);
        assertThat(out.info()).isEqualTo("Records: 12  Duplicates: 0  Warnings: 0");
        List<String> shards = new ArrayList<>();
        for (int u = 100; u < 112; u++) {
            long id = 100_000 + u;
            BackendTables.Place place = tables.placeOf("tickets", id);
            shards.add(place.table());
            assertThat(direct(place, "id, title", "id = " + id)).containsExactly(id + "|sku" + u);
            assertThat(countEverywhere("tickets", "id = " + id)).as("copies of ticket " + id).isEqualTo(1);
        }
        assertThat(shards).as("the rows span every shard").containsAll(List.of("tickets_0000", "tickets_0001",
                "tickets_0002", "tickets_0003"));
    }

    @Test
    void shardedIntoBroadcastAndUnshardedKeepsValuesAndTypes() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount, status) VALUES (201, 201, 12.50, 'it''s'), "
                + "(202, 202, 0.05, 'b\\\\c'), (203, 203, 99999999.99, '')");
        Outcome out = update("INSERT INTO countries (code, name) SELECT CONCAT('q', user_id - 200), status FROM orders "
                + "WHERE user_id BETWEEN 201 AND 203");
        assertThat(out.affected()).as("one copy's rows, not the sum over copies").isEqualTo(3);
        assertThat(out.info()).isEqualTo("Records: 3  Duplicates: 0  Warnings: 0");
        for (String node : List.of("ds0", "ds1")) {
            assertThat(tables.backends().rows(node, "countries", "code, name", "code").stream()
                    .filter(r -> r.startsWith("q")).toList()).as("countries on " + node)
                    .containsExactly("q1|it's", "q2|b\\c", "q3|");
        }
        update("INSERT INTO archive SELECT order_id, amount, status FROM orders WHERE user_id BETWEEN 201 AND 203");
        try (Connection c = proxy.direct(BackendTables.primary("ds0"), "")) {
            assertThat(ResultText.query(c, "SELECT order_id, amount, status FROM archive WHERE order_id BETWEEN 201 "
                    + "AND 203 ORDER BY order_id")).containsExactly("201|12.50|it's", "202|0.05|b\\c", "203|99999999.99|");
        }
    }

    @Test
    void unshardedIntoShardedGeneratesKeysAndRoutesByTheShardKey() throws SQLException {
        execute("INSERT INTO numbers (n, label) VALUES (300, 'a'), (301, 'b'), (302, 'c'), (303, NULL)");
        long first;
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO orders (user_id, amount, status) SELECT n, n / 100, "
                    + "COALESCE(label, 'none') FROM numbers WHERE n BETWEEN 300 AND 303")).isEqualTo(4);
            try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                first = rs.getLong(1);
            }
        }
        assertThat(first).isPositive();
        List<Long> ids = new ArrayList<>();
        for (int u = 300; u < 304; u++) {
            List<String> rows = direct(tables.placeOf("orders", (long) u), "order_id, amount, status", "user_id = " + u);
            assertThat(rows).hasSize(1);
            ids.add(Long.parseLong(rows.getFirst().split("\\|")[0]));
            assertThat(rows.getFirst()).endsWith("|" + (u == 303 ? "3.03|none" : "3.0" + (u - 300) + "|"
                    + (char) ('a' + u - 300)));
        }
        assertThat(ids).doesNotHaveDuplicates().contains(first);
    }

    @Test
    void ignoreReplaceAndOnDuplicateKeyUpdateReportWhatMysqlReports() throws SQLException {
        items(400, 404);
        execute("INSERT INTO tickets (id, title) VALUES (100400, 'old'), (100402, 'old')");
        String select = " SELECT order_id, sku FROM order_items WHERE user_id BETWEEN 400 AND 403";
        Outcome ignore = update("INSERT IGNORE INTO tickets (id, title)" + select);
        assertThat(ignore.affected()).isEqualTo(2);
        assertThat(ignore.info()).startsWith("Records: 4  Duplicates: 2  Warnings: ");
        assertThat(directTickets(100400, 100403)).containsExactly("100400|old", "100401|sku401", "100402|old",
                "100403|sku403");
        Outcome upsert = update("INSERT INTO tickets (id, title)" + select
                + " ON DUPLICATE KEY UPDATE title = CONCAT(VALUES(title), '!')");
        assertThat(upsert.affected()).as("2 per updated row").isEqualTo(8);
        assertThat(upsert.info()).isEqualTo("Records: 4  Duplicates: 4  Warnings: 0");
        assertThat(directTickets(100400, 100403)).containsExactly("100400|sku400!", "100401|sku401!",
                "100402|sku402!", "100403|sku403!");
        Outcome replace = update("REPLACE INTO tickets (id, title)" + select);
        assertThat(replace.affected()).as("a delete and an insert per replaced row").isEqualTo(8);
        assertThat(replace.info()).isEqualTo("Records: 4  Duplicates: 4  Warnings: 0");
        assertThat(directTickets(100400, 100403)).containsExactly("100400|sku400", "100401|sku401",
                "100402|sku402", "100403|sku403");
    }

    @Test
    void duplicateKeyOnOneShardWritesNothingOnAnyShard() throws SQLException {
        // 1,200 rows: three INSERT batches over all four shards; the last row collides on its shard
        StringBuilder sql = new StringBuilder("INSERT INTO numbers (n, label) VALUES ");
        for (int n = 500_000; n < 501_200; n++) {
            sql.append(n > 500_000 ? ", " : "").append('(').append(n).append(", 'n").append(n).append("')");
        }
        execute(sql.toString());
        execute("INSERT INTO tickets (id, title) VALUES (501199, 'taken')");
        String copy = "INSERT INTO tickets (id, title) SELECT n, label FROM numbers WHERE n BETWEEN 500000 AND 501199";
        assertThatThrownBy(() -> update(copy)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(1062));
        assertThat(countEverywhere("tickets", "id BETWEEN 500000 AND 501199")).as("rows left anywhere").isEqualTo(1);

        // in a transaction: the statement fails alone and the transaction goes on; rolled back, nothing is left
        try (Connection c = proxy.connect("")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO tickets (id, title) VALUES (502000, 'in tx')");
                assertThatThrownBy(() -> s.executeUpdate(copy)).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(1062));
                assertThat(ResultText.query(c, "SELECT COUNT(*) FROM tickets WHERE id BETWEEN 500000 AND 502000"))
                        .as("the failed statement left none of its rows in the transaction").containsExactly("2");
                assertThat(s.executeUpdate("INSERT INTO tickets (id, title) SELECT n + 10000, label FROM numbers "
                        + "WHERE n BETWEEN 500000 AND 501199")).isEqualTo(1200);
                assertThat(ResultText.query(c, "SELECT COUNT(*) FROM tickets WHERE id BETWEEN 510000 AND 511199"))
                        .as("the transaction sees its own rows").containsExactly("1200");
            }
            assertThat(countEverywhere("tickets", "id BETWEEN 510000 AND 511199")).as("uncommitted").isZero();
            c.rollback();
        }
        assertThat(countEverywhere("tickets", "id BETWEEN 500000 AND 511199 OR id = 502000"))
                .as("rows left anywhere after the rollback").isEqualTo(1);

        // committed after the failed statement: only what the transaction's other statements wrote
        try (Connection c = proxy.connect("")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO tickets (id, title) VALUES (502001, 'kept')");
                assertThatThrownBy(() -> s.executeUpdate(copy)).isInstanceOf(SQLException.class);
            }
            c.commit();
        }
        assertThat(countEverywhere("tickets", "id BETWEEN 500000 AND 501198")).as("rows of the failed statement")
                .isZero();
        assertThat(countEverywhere("tickets", "id = 502001")).isEqualTo(1);
    }

    @Test
    void committedTransactionKeepsEveryBatch() throws SQLException {
        try (Connection c = proxy.connect("")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO numbers (n, label) VALUES (600, 'x'), (601, 'y'), (602, 'z')");
                assertThat(s.executeUpdate("INSERT INTO tickets (id, title) SELECT n, label FROM numbers "
                        + "WHERE n BETWEEN 600 AND 602")).isEqualTo(3);
            }
            c.commit();
        }
        assertThat(directTickets(600, 602)).containsExactly("600|x", "601|y", "602|z");
    }

    @Test
    void preparedStatementsBindTheirParametersIntoTheSelect() throws SQLException {
        items(700, 704);
        for (String mode : List.of("useServerPrepStmts=false", "useServerPrepStmts=true")) {
            int offset = mode.endsWith("true") ? 2000 : 1000;
            try (Connection c = proxy.connect(mode); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tickets (id, title) SELECT order_id + ?, CONCAT(sku, ?) FROM order_items "
                            + "WHERE user_id BETWEEN ? AND ?")) {
                ps.setInt(1, offset);
                ps.setString(2, "-p");
                ps.setInt(3, 700);
                ps.setInt(4, 703);
                assertThat(ps.executeUpdate()).as(mode).isEqualTo(4);
            }
            assertThat(directTickets(100_700 + offset, 100_703 + offset)).as(mode).containsExactly(
                    (100_700 + offset) + "|sku700-p", (100_701 + offset) + "|sku701-p", (100_702 + offset) + "|sku702-p",
                    (100_703 + offset) + "|sku703-p");
        }
    }

    @Test
    void colocatedTablesCopyOnEveryShardAllOrNothing() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount, status) VALUES (800, 800, 1.00, 'a'), (801, 801, 1.00, 'b'), "
                + "(802, 802, 1.00, 'c'), (803, 803, 1.00, 'd'), (804, 804, 1.00, 'e'), (805, 805, 1.00, 'f')");
        // a row that collides with the copy of order 805 on its shard: the copy fails and writes nowhere
        execute("INSERT INTO order_items (order_id, user_id, sku, qty) VALUES (805, 805, 'f', 9)");
        String copy = "INSERT INTO order_items (order_id, user_id, sku, qty) SELECT o.order_id, o.user_id, o.status, 1 "
                + "FROM orders o WHERE o.user_id BETWEEN 800 AND 805";
        assertThatThrownBy(() -> update(copy)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo(1062));
        assertThat(countEverywhere("order_items", "order_id BETWEEN 800 AND 805")).isEqualTo(1);

        execute("DELETE FROM order_items WHERE user_id = 805");
        assertThat(update(copy).affected()).isEqualTo(6);
        for (int u = 800; u < 806; u++) {
            assertThat(direct(tables.placeOf("order_items", (long) u), "order_id, sku, qty", "user_id = " + u))
                    .containsExactly(u + "|" + (char) ('a' + u - 800) + "|1");
            assertThat(countEverywhere("order_items", "order_id = " + u)).isEqualTo(1);
        }
    }

    @Test
    void anEmptySelectInsertsNothing() throws SQLException {
        Outcome out = update("INSERT INTO tickets (id, title) SELECT order_id, sku FROM order_items WHERE user_id = -1");
        assertThat(out.affected()).isZero();
        assertThat(out.info()).isEqualTo("Records: 0  Duplicates: 0  Warnings: 0");
    }

    // ------------------------------------------------------------------ helpers

    /** order_items rows for users [from, to): order_id 100000 + user, sku 'sku' + user. */
    private static void items(int from, int to) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO order_items (order_id, user_id, sku, qty) VALUES ");
        for (int u = from; u < to; u++) {
            sql.append(u > from ? ", " : "").append('(').append(100_000 + u).append(", ").append(u).append(", 'sku")
                    .append(u).append("', ").append(u % 7).append(')');
        }
        execute(sql.toString());
    }

    private record Outcome(int affected, String info) {
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Affected rows and the OK packet's info, as Connector/J keeps it. */
    private static Outcome update(String sql) throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            int affected = s.executeUpdate(sql);
            return new Outcome(affected, s.unwrap(com.mysql.cj.jdbc.StatementImpl.class).getResultSetInternal()
                    .getServerInfo());
        }
    }

    private static List<String> direct(BackendTables.Place place, String columns, String where) throws SQLException {
        try (Connection c = proxy.direct(BackendTables.primary(place.node()), "")) {
            return ResultText.query(c, "SELECT " + columns + " FROM `" + place.table() + "` WHERE " + where
                    + " ORDER BY 1");
        }
    }

    /** Tickets with ids in [from, to], each read from the shard its id routes to. */
    private static List<String> directTickets(long from, long to) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            rows.addAll(direct(tables.placeOf("tickets", id), "id, title", "id = " + id));
        }
        return rows;
    }

    private static int countEverywhere(String table, String where) throws SQLException {
        int count = 0;
        for (var location : tables.topology(table).locations()) {
            try (Connection c = proxy.direct(BackendTables.primary(location.node()), "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + location.physicalTable() + "` WHERE " + where)) {
                rs.next();
                count += rs.getInt(1);
            }
        }
        return count;
    }
}
