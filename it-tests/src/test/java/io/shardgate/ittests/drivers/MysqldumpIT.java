package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mysqldump as Debian ships it ({@code mariadb-dump}, package {@code mariadb-client}) through the proxy: with its
 * default options (which lock each database's tables with {@code LOCK TABLES ... READ LOCAL}) and with
 * {@code --single-transaction} (a consistent snapshot, a savepoint rolled back to after each table). The dump
 * restores, with the {@code mariadb} client, into a fresh database of an unsharded server, where every table
 * holds exactly the logical table's rows: sharded, binding, broadcast and unsharded, the physical shards unseen.
 */
@ExtendWith(SharedBackends.class)
class MysqldumpIT {

    private static final String SCHEMA = "mysqldump_it";
    private static final String RESTORED = "mysqldump_it_restored";
    /** Each table and its primary key, in SHOW TABLES order. */
    private static final Map<String, String> TABLES = new java.util.TreeMap<>(Map.of("countries", "code", "notes", "id",
            "order_items", "order_id, sku", "orders", "order_id"));

    private static ProxyFixture proxy;
    private static BackendEndpoint target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        target = backends.primary(0);
        proxy = ProxyFixture.start(backends, SCHEMA, """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2],
                         key-generator: {column: order_id}}
                      - {name: order_items, binding: orders, shard-key: user_id}
                      - {name: countries, broadcast: true}
                """, false);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "note VARCHAR(40) CHARACTER SET utf8mb4 NOT NULL, amount DECIMAL(10,2), KEY by_user (user_id))");
            s.execute("CREATE TABLE order_items (order_id BIGINT NOT NULL, user_id BIGINT NOT NULL, "
                    + "sku VARCHAR(20) NOT NULL, qty INT NOT NULL, PRIMARY KEY (order_id, sku))");
            s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France'), ('jp', 'Japan')");
            s.execute("INSERT INTO notes VALUES (1, 'quote '' and backslash \\\\'), (2, NULL)");
            for (int user = 1; user <= 12; user++) {
                s.execute("INSERT INTO orders (user_id, note, amount) VALUES (" + user + ", 'order of " + user
                        + " \u00e9\u00e8', " + user + ".25), (" + user + ", 'second', NULL)");
            }
            for (List<String> order : rows(c, "SELECT order_id, user_id FROM orders")) {
                s.execute("INSERT INTO order_items (order_id, user_id, sku, qty) VALUES (" + order.get(0) + ", "
                        + order.get(1) + ", 'sku-" + order.get(1) + "', 3)");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        try (Connection c = root(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + RESTORED);
        }
    }

    @ParameterizedTest(name = "mariadb-dump {0}")
    @ValueSource(strings = {"--opt", "--single-transaction"})
    void aDumpThroughTheProxyRestoresTheLogicalData(String option) throws Exception {
        ExternalTool dump = ExternalTool.require("mariadb-dump", "apt-get install mariadb-client");
        ExternalTool client = ExternalTool.require("mariadb", "apt-get install mariadb-client");
        Path file = dir.resolve("dump.sql");
        ExternalTool.Result dumped = dump.run(dir, Map.of(), Duration.ofMinutes(2), "--no-defaults",
                "--protocol=TCP", "-h", "127.0.0.1", "-P", Integer.toString(proxy.port()), "-u", ProxyFixture.USER,
                "-p" + ProxyFixture.PASSWORD, option, "--result-file=" + file, SCHEMA);
        assertThat(dumped.exitCode()).as(dumped.output()).isZero();
        String sql = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(sql).contains("-- Dump completed").doesNotContain("orders_000").doesNotContain("order_items_000");
        if (option.equals("--opt")) {
            assertThat(sql).contains("LOCK TABLES `orders` WRITE"); // the dump's own lock around its INSERTs
        }

        try (Connection c = root(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + RESTORED);
            s.execute("CREATE DATABASE " + RESTORED);
        }
        ExternalTool.Result restored = client.run(dir, Map.of(), Duration.ofMinutes(2), "--no-defaults",
                "--protocol=TCP", "-h", target.host(), "-P", Integer.toString(target.port()), "-u", "root",
                "-p" + target.rootPassword(), RESTORED, "-e", "source " + file);
        assertThat(restored.exitCode()).as(restored.output()).isZero();

        try (Connection viaProxy = proxy.connect(""); Connection copy = root(RESTORED)) {
            assertThat(rows(copy, "SHOW TABLES")).containsExactlyElementsOf(
                    TABLES.keySet().stream().map(List::of).toList());
            for (var table : TABLES.entrySet()) {
                String select = "SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue();
                List<List<String>> logical = rows(viaProxy, select);
                assertThat(logical).as(table.getKey()).isNotEmpty();
                assertThat(rows(copy, select)).as(table.getKey()).containsExactlyElementsOf(logical);
            }
        }
    }

    /**
     * A dump with column lists ({@code --complete-insert}: the proxy routes an INSERT by its shard-key column)
     * restores through the proxy too: the tables are dropped and created again on every shard, and each row
     * lands on its shard.
     */
    @org.junit.jupiter.api.Test
    void aDumpWithColumnListsRestoresThroughTheProxy() throws Exception {
        ExternalTool dump = ExternalTool.require("mariadb-dump", "apt-get install mariadb-client");
        ExternalTool client = ExternalTool.require("mariadb", "apt-get install mariadb-client");
        Path file = dir.resolve("dump.sql");
        String[] login = {"--no-defaults", "--protocol=TCP", "-h", "127.0.0.1", "-P", Integer.toString(proxy.port()),
                "-u", ProxyFixture.USER, "-p" + ProxyFixture.PASSWORD};
        Map<String, List<List<String>>> before = new java.util.HashMap<>();
        try (Connection viaProxy = proxy.connect("")) {
            for (var table : TABLES.entrySet()) {
                before.put(table.getKey(), rows(viaProxy, "SELECT * FROM " + table.getKey() + " ORDER BY "
                        + table.getValue()));
            }
        }
        List<String> args = new ArrayList<>(List.of(login));
        args.addAll(List.of("--complete-insert", "--result-file=" + file, SCHEMA));
        ExternalTool.Result dumped = dump.run(dir, Map.of(), Duration.ofMinutes(2), args.toArray(String[]::new));
        assertThat(dumped.exitCode()).as(dumped.output()).isZero();

        args = new ArrayList<>(List.of(login));
        args.addAll(List.of(SCHEMA, "-e", "source " + file));
        ExternalTool.Result restored = client.run(dir, Map.of(), Duration.ofMinutes(2), args.toArray(String[]::new));
        assertThat(restored.exitCode()).as(restored.output()).isZero();
        try (Connection viaProxy = proxy.connect("")) {
            for (var table : TABLES.entrySet()) {
                assertThat(rows(viaProxy, "SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue()))
                        .as(table.getKey()).containsExactlyElementsOf(before.get(table.getKey()));
            }
        }
        // each order is on its shard: user_id mod 4 names the physical table
        for (int node = 0; node < 2; node++) {
            try (Connection c = proxy.direct(node, ""); Statement s = c.createStatement()) {
                for (int shard = 2 * node; shard < 2 * node + 2; shard++) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(user_id % 4 <> " + shard
                            + "), 0) FROM orders_000" + shard)) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).as("orders_000" + shard).isPositive();
                        assertThat(rs.getLong(2)).as("rows of another shard in orders_000" + shard).isZero();
                    }
                }
            }
        }
    }

    private static Connection root(String database) throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(database), "root", target.rootPassword());
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
