package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writes through the proxy on a hash-mod table, its binding table and a broadcast table, each checked on the
 * backends directly: UPDATE / DELETE by key, a shard-key change refused, upserts, REPLACE, a multi-row INSERT
 * split per shard, a binding join, broadcast writes, snowflake keys. Each test uses its own user ids, so the
 * tests share the tables without seeing each other's rows.
 */
@ExtendWith(SharedBackends.class)
class ShardedWritesIT {

    private static ShardedTables tables;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        tables = ShardedTables.start(backends, "sharded_writes_it");
        proxy = tables.proxy();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(ShardedTables.CREATE_ORDERS);
            s.execute(ShardedTables.CREATE_ORDER_ITEMS);
            s.execute(ShardedTables.CREATE_TICKETS);
            s.execute(ShardedTables.CREATE_COUNTRIES);
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void updateByKeyChangesTheRowOnItsShard() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount) VALUES (1001, 5, 10.00)");
        assertThat(update("UPDATE orders SET amount = amount + 5, status = 'paid' WHERE user_id = 5")).isEqualTo(1);
        assertThat(directRows("orders", 5L, "order_id, amount, status", "user_id = 5"))
                .containsExactly("1001|15.00|paid");
        // same-shard key changes are allowed: 9 mod 4 = 5 mod 4
        assertThat(update("UPDATE orders SET user_id = 9 WHERE user_id = 5")).isEqualTo(1);
        assertThat(directRows("orders", 9L, "order_id, user_id", "order_id = 1001")).containsExactly("1001|9");
    }

    @Test
    void updateMovingRowsToAnotherShardIsRefused() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount) VALUES (2001, 21, 1.00)");
        assertThatThrownBy(() -> update("UPDATE orders SET user_id = 22 WHERE user_id = 21"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1235));
        assertThat(directRows("orders", 21L, "order_id, user_id", "order_id = 2001")).containsExactly("2001|21");
    }

    @Test
    void deleteByKeyRemovesOnlyThatKeysRows() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount) VALUES (3001, 30, 1.00), (3002, 31, 2.00)");
        assertThat(update("DELETE FROM orders WHERE user_id = 30")).isEqualTo(1);
        assertThat(directRows("orders", 30L, "order_id", "user_id = 30")).isEmpty();
        assertThat(directRows("orders", 31L, "order_id", "user_id = 31")).containsExactly("3002");
    }

    @Test
    void insertOnDuplicateKeyUpdateUpdatesTheExistingRow() throws SQLException {
        String upsert = "INSERT INTO orders (order_id, user_id, amount) VALUES (4001, 40, 1.00) "
                + "ON DUPLICATE KEY UPDATE amount = amount + 10";
        assertThat(update(upsert)).isEqualTo(1);
        assertThat(update(upsert)).as("affected rows of an updating upsert").isEqualTo(2);
        assertThat(directRows("orders", 40L, "order_id, amount", "user_id = 40")).containsExactly("4001|11.00");
        assertThat(countEverywhere("orders", "order_id = 4001")).isEqualTo(1);
    }

    @Test
    void replaceReplacesTheRowOnItsShard() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount, status) VALUES (5001, 50, 1.00, 'new')");
        assertThat(update("REPLACE INTO orders (order_id, user_id, amount, status) VALUES (5001, 50, 7.00, 'replaced')"))
                .as("affected rows of a replacing REPLACE").isEqualTo(2);
        assertThat(directRows("orders", 50L, "order_id, amount, status", "user_id = 50"))
                .containsExactly("5001|7.00|replaced");
        assertThat(countEverywhere("orders", "order_id = 5001")).isEqualTo(1);
    }

    @Test
    void multiRowInsertIsSplitPerShard() throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO orders (order_id, user_id, amount) VALUES ");
        Map<BackendTables.Place, TreeSet<String>> expected = new TreeMap<>(
                (a, b) -> a.toString().compareTo(b.toString()));
        for (int u = 600; u < 612; u++) {
            sql.append(u > 600 ? ", " : "").append("(").append(6000 + u).append(", ").append(u).append(", 1.00)");
            expected.computeIfAbsent(tables.placeOf("orders", (long) u), p -> new TreeSet<>()).add(Integer.toString(6000 + u));
        }
        assertThat(expected).as("the rows span every shard").hasSize(4);
        assertThat(update(sql.toString())).isEqualTo(12);
        for (Map.Entry<BackendTables.Place, TreeSet<String>> e : expected.entrySet()) {
            assertThat(tables.backends().rows(e.getKey().node(), e.getKey().table(), "order_id",
                    "order_id").stream().filter(id -> id.startsWith("66")).toList())
                    .as("rows 66xx in " + e.getKey()).containsExactlyElementsOf(e.getValue());
        }
    }

    @Test
    void bindingTableJoinRunsOnTheKeysShard() throws SQLException {
        execute("INSERT INTO orders (order_id, user_id, amount) VALUES (7001, 70, 3.00)");
        execute("INSERT INTO order_items (order_id, user_id, sku, qty) VALUES (7001, 70, 'apple', 2), (7001, 70, 'pear', 1)");
        BackendTables.Place orders = tables.placeOf("orders", 70L);
        BackendTables.Place items = tables.placeOf("order_items", 70L);
        assertThat(items.node()).isEqualTo(orders.node());
        assertThat(items.table()).isEqualTo(orders.table().replace("orders", "order_items"));
        assertThat(tables.backends().rows(items.node(), items.table(), "sku", "sku")).contains("apple", "pear");
        List<String> joined = query("SELECT o.order_id, i.sku, i.qty, o.amount FROM orders o "
                + "JOIN order_items i ON i.user_id = o.user_id AND i.order_id = o.order_id "
                + "WHERE o.user_id = 70 ORDER BY i.sku");
        assertThat(joined).containsExactly("7001|apple|2|3.00", "7001|pear|1|3.00");
    }

    @Test
    void broadcastWritesLandOnEveryNodeAndReadsComeFromOne() throws SQLException {
        // the application wrote one logical table: it sees that table's counts, not the sum over copies
        assertThat(update("INSERT INTO countries (code, name) VALUES ('fr', 'France'), ('de', 'Germany')"))
                .as("affected rows of a broadcast insert").isEqualTo(2);
        assertThat(update("UPDATE countries SET name = 'Deutschland' WHERE code = 'de'"))
                .as("affected rows of a broadcast update").isEqualTo(1);
        for (String node : List.of("ds0", "ds1")) {
            assertThat(tables.backends().rows(node, "countries", "code, name", "code"))
                    .as("countries on " + node).containsExactly("de|Deutschland", "fr|France");
        }
        assertThat(query("SELECT code, name FROM countries ORDER BY code")).containsExactly("de|Deutschland", "fr|France");
        assertThat(query("SELECT COUNT(*) FROM countries")).containsExactly("2");
        // a join of a sharded table with a broadcast table stays on the key's shard
        execute("INSERT INTO orders (order_id, user_id, amount, status) VALUES (8001, 80, 2.00, 'fr')");
        assertThat(query("SELECT o.order_id, c.name FROM orders o JOIN countries c ON c.code = o.status "
                + "WHERE o.user_id = 80")).containsExactly("8001|France");
        update("DELETE FROM countries WHERE code = 'fr'");
        for (String node : List.of("ds0", "ds1")) {
            assertThat(tables.backends().rows(node, "countries", "code", "code")).containsExactly("de");
        }
    }

    @Test
    void snowflakeKeyIsGeneratedReturnedAndRoutesByTheShardKey() throws SQLException {
        long id;
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO orders (user_id, amount) VALUES (91, 4.50)",
                    Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).as("a generated key").isTrue();
                id = keys.getLong(1);
            }
            assertThat(id).isPositive();
            try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(id);
            }
            // the synonyms some frameworks ask for
            assertThat(ResultText.query(c, "SELECT @@identity, @@last_insert_id, @@session.identity"))
                    .containsExactly(id + "|" + id + "|" + id);
            tables.backends().awaitReplicas();
            try (ResultSet rs = s.executeQuery("SELECT order_id, amount FROM orders WHERE user_id = 91")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(id);
            }
        }
        assertThat(directRows("orders", 91L, "order_id, user_id", "user_id = 91")).containsExactly(id + "|91");
        assertThat(countEverywhere("orders", "order_id = " + id)).isEqualTo(1);

        // NULL and 0 also ask for a generated key; each row gets its own
        execute("INSERT INTO orders (order_id, user_id, amount) VALUES (NULL, 92, 1.00), (0, 92, 2.00)");
        List<String> generated = directRows("orders", 92L, "order_id", "user_id = 92");
        assertThat(generated).hasSize(2).doesNotContain("0").doesNotHaveDuplicates();
    }

    @Test
    void generatedKeyThatIsTheShardKeyRoutesTheRowByItself() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            for (int i = 0; i < 40; i++) {
                s.executeUpdate("INSERT INTO tickets (title) VALUES ('t" + i + "')", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    ids.add(keys.getLong(1));
                }
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
        TreeSet<String> shardsUsed = new TreeSet<>();
        for (long id : ids) {
            BackendTables.Place place = tables.placeOf("tickets", id);
            shardsUsed.add(place.table());
            assertThat(tables.backends().rows(place.node(), place.table(), "id", "id")).contains(Long.toString(id));
            assertThat(countEverywhere("tickets", "id = " + id)).as("copies of ticket " + id).isEqualTo(1);
        }
        // snowflake ids start each millisecond's sequence at a varying offset, so they spread over mod-4 shards
        assertThat(shardsUsed).as("shards the generated ids landed on").hasSizeGreaterThan(1);
    }

    // ------------------------------------------------------------------ helpers

    private static void execute(String sql) throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int update(String sql) throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /** Rows through the proxy, columns joined by '|'. */
    private static List<String> query(String sql) throws SQLException {
        tables.backends().awaitReplicas(); // the read may go to ds0's replica
        try (Connection c = proxy.connect("")) {
            return ResultText.query(c, sql);
        }
    }

    /** Rows matching {@code where} in the physical table the router assigns to {@code key}, read directly. */
    private static List<String> directRows(String table, Object key, String columns, String where) throws SQLException {
        BackendTables.Place place = tables.placeOf(table, key);
        try (Connection c = proxy.direct(BackendTables.primary(place.node()), "")) {
            return ResultText.query(c, "SELECT " + columns + " FROM `" + place.table() + "` WHERE " + where
                    + " ORDER BY 1");
        }
    }

    /** Rows matching {@code where} over every physical table of {@code table} on every node. */
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
