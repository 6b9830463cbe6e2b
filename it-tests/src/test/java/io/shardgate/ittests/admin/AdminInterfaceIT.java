package io.shardgate.ittests.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.admin.AdminProxy.Table;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every command of the MySQL-protocol admin interface against a running proxy and real backends (2 primaries, a
 * replica of the first), through mysql-connector-j as an operator's tool would connect.
 */
@ExtendWith(SharedBackends.class)
class AdminInterfaceIT {

    private static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - name: orders
                    shard-key: user_id
                    strategy: hash-mod
                    nodes: [ds0, ds1]
                    locations: [2, 2]
                  - name: order_items
                    shard-key: user_id
                    binding: orders
            """;

    private static AdminProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = AdminProxy.start(backends, "admin_it", SCHEMAS, "  digest-limit: 50\n");
        try (Connection c = proxy.client(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (user_id INT, id INT, amount INT, PRIMARY KEY (user_id, id))");
            s.execute("CREATE TABLE order_items (user_id INT, id INT, sku VARCHAR(20), PRIMARY KEY (user_id, id))");
            s.execute("INSERT INTO orders (user_id, id, amount) VALUES (1, 1, 10), (2, 2, 20), (3, 3, 30), (4, 4, 40)");
            s.execute("CREATE TABLE plain (id INT PRIMARY KEY, v INT)"); // unsharded: on ds0
            s.execute("INSERT INTO plain VALUES (1, 1), (2, 2)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void onlyAdminUsersLogIn() throws SQLException {
        int adminPort = proxy.server().adminAddress().getPort();
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + adminPort + "/",
                ProxyFixture.USER, ProxyFixture.PASSWORD)).as("a client user on the admin port")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.server().address()
                .getPort() + "/", AdminProxy.ADMIN, AdminProxy.ADMIN_PASSWORD)).as("an admin user on the client port")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        try (Connection admin = proxy.admin()) {
            assertThatThrownBy(() -> AdminProxy.query(admin, "SELECT * FROM orders"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1064);
                        assertThat(e.getMessage()).contains("not an admin command").contains("SHOW NODES");
                    });
            assertThat(admin.isValid(5)).isTrue();
        }
    }

    @Test
    void showNodesListsEveryServerWithItsPool() throws Exception {
        try (Connection c = proxy.client(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT COUNT(*) FROM orders").close(); // pools on both primaries
        }
        try (Connection admin = proxy.admin()) {
            Table nodes = AdminProxy.query(admin, "SHOW NODES");
            assertThat(nodes.columns()).containsExactly("node", "role", "address", "state", "lag_seconds", "weight",
                    "active", "idle", "waiting", "max", "opened", "failed", "last_error");
            Backends b = proxy.backends();
            assertThat(nodes.rows()).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).containsExactly(
                    "ds0 primary " + b.primary(0).address(), "ds0 replica " + b.replica(0).address(),
                    "ds1 primary " + b.primary(1).address());
            Map<String, String> ds1 = nodes.maps().get(2);
            assertThat(ds1.get("state")).isEqualTo("up");
            assertThat(Long.parseLong(ds1.get("opened"))).isPositive();
            assertThat(ds1.get("max")).isEqualTo("64");
            assertThat(ds1.get("failed")).isEqualTo("0");
            assertThat(nodes.maps().get(1).get("weight")).isEqualTo("1");
        }
    }

    @Test
    void schemasAndTableRules() throws SQLException {
        try (Connection admin = proxy.admin()) {
            assertThat(AdminProxy.query(admin, "SHOW SCHEMAS").rows())
                    .containsExactly(List.of("admin_it", "ds0", "2", "0", "ds0,ds1"));
            Table rules = AdminProxy.query(admin, "SHOW TABLES RULES FROM admin_it");
            assertThat(rules.columns()).containsExactly("schema", "table", "strategy", "shard_key", "nodes", "shards",
                    "physical_tables", "binding_group");
            assertThat(rules.rows()).containsExactly(
                    List.of("admin_it", "orders", "hash-mod", "user_id", "ds0,ds1", "4",
                            "orders_0000..orders_0001 on ds0; orders_0002..orders_0003 on ds1", "orders,order_items"),
                    List.of("admin_it", "order_items", "hash-mod", "user_id", "ds0,ds1", "4",
                            "order_items_0000..order_items_0001 on ds0; order_items_0002..order_items_0003 on ds1",
                            "orders,order_items"));
            assertThatThrownBy(() -> AdminProxy.query(admin, "SHOW TABLES RULES FROM nope"))
                    .hasMessageContaining("no schema named 'nope'");
        }
    }

    @Test
    void routePreviewPrintsThePlanTree() throws SQLException {
        try (Connection admin = proxy.admin()) {
            assertThat(AdminProxy.query(admin, "SHOW ROUTE FOR SELECT * FROM orders WHERE user_id IN (1, 2)").rows())
                    .extracting(r -> r.get(0)).containsExactly(
                            "MergeShards 2 shards, concatenated",
                            "  Route ds0 any: SELECT * FROM orders_0001 WHERE user_id IN (1)",
                            "  Route ds1 any: SELECT * FROM orders_0002 WHERE user_id IN (2)");
            assertThat(AdminProxy.query(admin, "PREVIEW INSERT INTO orders (user_id, id, amount) VALUES (3, 9, 1)").rows())
                    .extracting(r -> r.get(0)).containsExactly(
                            "Route ds1 primary: INSERT INTO orders_0003 (user_id, id, amount) VALUES (3, 9, 1)");
        }
        try (Connection c = proxy.client(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE id = 9")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a preview runs nothing").isZero();
        }
    }

    @Test
    void sessionsShowTheRunningStatementAndKillStopsIt() throws Exception {
        Connection victim = proxy.client();
        try (Connection admin = proxy.admin()) {
            long id = connectionId(victim);
            victim.setAutoCommit(false);
            try (Statement s = victim.createStatement()) {
                s.executeQuery("SELECT * FROM orders WHERE user_id = 1").close();
            }
            CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> {
                try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT SLEEP(20)")) {
                    rs.next();
                    return rs.getString(1);
                } catch (SQLException e) {
                    return e;
                }
            });
            Map<String, String> row = awaitSession(admin, id, "SELECT SLEEP(20)");
            assertThat(row.get("user")).isEqualTo(ProxyFixture.USER);
            assertThat(row.get("schema")).isEqualTo("admin_it");
            assertThat(row.get("command")).isEqualTo("Query");
            assertThat(row.get("transaction")).isEqualTo("autocommit off");
            assertThat(row.get("backends")).contains(proxy.backends().primary(0).address());

            try (Statement s = admin.createStatement()) {
                s.execute("KILL QUERY " + id);
            }
            Object outcome = sleeping.get(30, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1317));
            try (Statement s = admin.createStatement()) {
                s.execute("KILL " + id);
            }
            assertThatThrownBy(() -> connectionId(victim)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> admin.createStatement().execute("KILL " + id))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1094));
        } finally {
            try {
                victim.close(); // killed: Connector/J may still try to roll back its transaction, and fail
            } catch (SQLException expected) {
                // the connection is gone, which is the point
            }
        }
    }

    @Test
    void digestsCountEachShapeAndResetEmptiesThem() throws Exception {
        try (Connection admin = proxy.admin()) {
            admin.createStatement().execute("RESET DIGESTS");
            try (Connection c = proxy.client(); Statement s = c.createStatement()) {
                for (int i = 1; i <= 5; i++) {
                    s.executeQuery("SELECT * FROM orders WHERE user_id = " + i).close();
                }
                s.executeQuery("SELECT user_id, amount FROM orders ORDER BY amount").close();
                assertThatThrownBy(() -> s.executeQuery("SELECT no_such_column FROM orders WHERE user_id = 1"))
                        .isInstanceOf(SQLException.class);
            }
            Table digests = AdminProxy.query(admin, "SHOW DIGESTS ORDER BY count");
            assertThat(digests.columns()).containsExactly("schema", "digest", "count", "errors", "rows_sent",
                    "total_ms", "mean_ms", "p99_ms", "max_ms", "first_seen", "last_seen");
            Map<String, String> point = digests.maps().getFirst();
            assertThat(point.get("digest")).isEqualTo("SELECT * FROM orders WHERE user_id = ?");
            assertThat(point.get("schema")).isEqualTo("admin_it");
            assertThat(point.get("count")).isEqualTo("5");
            assertThat(point.get("rows_sent")).isEqualTo("4");
            assertThat(point.get("errors")).isEqualTo("0");
            Map<String, String> sorted = digests.maps().stream()
                    .filter(d -> d.get("digest").equals("SELECT user_id, amount FROM orders ORDER BY amount"))
                    .findFirst().orElseThrow();
            assertThat(sorted.get("rows_sent")).as("merged rows of a cross-shard read").isEqualTo("4");
            assertThat(AdminProxy.query(admin, "SHOW DIGESTS ORDER BY errors LIMIT 1").maps().getFirst())
                    .containsEntry("digest", "SELECT no_such_column FROM orders WHERE user_id = ?")
                    .containsEntry("errors", "1");
            assertThat(digests.rows()).noneMatch(r -> String.join(" ", r.subList(0, 2)).contains("user_id = 1"));

            // server-side prepared statements: one routed by the proxy, one prepared natively on its node
            try (Connection ps = DriverManager.getConnection(proxy.client().getMetaData().getURL()
                    + "?useServerPrepStmts=true", ProxyFixture.USER, ProxyFixture.PASSWORD);
                 var sharded = ps.prepareStatement("SELECT amount FROM orders WHERE user_id = ?");
                 var native_ = ps.prepareStatement("SELECT v FROM plain WHERE id = ?")) {
                for (int i = 1; i <= 3; i++) {
                    sharded.setInt(1, i);
                    sharded.executeQuery().close();
                    native_.setInt(1, i);
                    native_.executeQuery().close();
                }
            }
            List<Map<String, String>> all = AdminProxy.query(admin, "SHOW DIGESTS").maps();
            assertThat(all).filteredOn(d -> d.get("digest").equals("SELECT amount FROM orders WHERE user_id = ?"))
                    .singleElement().satisfies(d -> assertThat(d).containsEntry("count", "3").containsEntry("rows_sent", "3"));
            assertThat(all).filteredOn(d -> d.get("digest").equals("SELECT v FROM plain WHERE id = ?"))
                    .singleElement().satisfies(d -> assertThat(d).containsEntry("count", "3").containsEntry("rows_sent", "2"));

            admin.createStatement().execute("RESET DIGESTS");
            assertThat(AdminProxy.query(admin, "SHOW DIGESTS").rows()).isEmpty();

            try (Connection c = proxy.client(); Statement s = c.createStatement()) {
                for (int i = 0; i < 120; i++) { // more shapes than digest-limit 50
                    s.executeQuery("SELECT " + "user_id, ".repeat(i % 60) + "id FROM orders WHERE user_id = 1"
                            + (i >= 60 ? " AND id > 0" : "")).close();
                }
            }
            assertThat(AdminProxy.query(admin, "SHOW DIGESTS").rows()).hasSizeBetween(1, 50);
        }
    }

    @Test
    void blacklistedShapesGet1148UntilRemoved() throws SQLException {
        try (Connection admin = proxy.admin(); Connection c = proxy.client(); Statement s = c.createStatement()) {
            try (Statement a = admin.createStatement()) {
                a.execute("ADD BLACKLIST 'DELETE FROM orders WHERE amount > 100'");
            }
            assertThat(AdminProxy.query(admin, "SHOW BLACKLIST").rows())
                    .containsExactly(List.of("DELETE FROM orders WHERE amount > ?"));
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM orders WHERE amount > 5"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1148);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                        assertThat(e.getMessage()).contains("blacklisted");
                    });
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE amount > 5")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing was deleted; the session goes on").isEqualTo(4);
            }
            try (Statement a = admin.createStatement()) {
                a.execute("REMOVE BLACKLIST 'DELETE FROM orders WHERE amount > 100'");
            }
            assertThat(AdminProxy.query(admin, "SHOW BLACKLIST").rows()).isEmpty();
            assertThat(s.executeUpdate("DELETE FROM orders WHERE amount > 1000")).isZero();
        }
    }

    @Test
    void replicaOfflineOnlineAndWeight() throws Exception {
        BackendEndpoint replica = proxy.backends().replica(0);
        try (Connection admin = proxy.admin(); Statement a = admin.createStatement()) {
            a.execute("SET NODE ds0 REPLICA '" + replica.address() + "' WEIGHT 7");
            assertThat(replicaRow(admin)).containsEntry("weight", "7");
            a.execute("SET NODE ds0 REPLICA '" + replica.address() + "' WEIGHT 0");
            assertThat(replicaRow(admin)).containsEntry("weight", "1");
            a.execute("SET NODE ds0 REPLICA '" + replica.address() + "' OFFLINE");
            assertThat(replicaRow(admin)).containsEntry("state", "offline");
            assertThat(proxy.server().pools().server("ds0", io.shardgate.config.HostPort.parse(replica.address()))
                    .orElseThrow().offline()).isTrue();
            a.execute("SET NODE ds0 REPLICA '" + replica.address() + "' ONLINE");
            assertThat(replicaRow(admin).get("state")).isIn("up", "unknown");
            assertThatThrownBy(() -> a.execute("SET NODE ds0 REPLICA '127.0.0.1:1' OFFLINE"))
                    .hasMessageContaining("node ds0 has no replica '127.0.0.1:1'");
            assertThatThrownBy(() -> a.execute("SET NODE dsx REPLICA '127.0.0.1:1' OFFLINE"))
                    .hasMessageContaining("no node named 'dsx'");
        }
    }

    @Test
    void showConfigMasksEveryPassword() throws SQLException {
        try (Connection admin = proxy.admin()) {
            Table config = AdminProxy.query(admin, "SHOW CONFIG");
            assertThat(config.columns()).containsExactly("setting", "value");
            Map<String, String> settings = new java.util.HashMap<>();
            config.rows().forEach(r -> settings.put(r.get(0), r.get(1)));
            assertThat(settings).containsEntry("proxy.users.app.password", "****")
                    .containsEntry("admin.users.ops.password", "****")
                    .containsEntry("nodes.ds0.password", "****")
                    .containsEntry("nodes.ds0.pool.max", "64")
                    .containsEntry("admin.digest-limit", "50")
                    .containsEntry("schemas.admin_it.tables.orders.strategy", "hash-mod");
            String all = config.rows().toString();
            assertThat(all).doesNotContain(ProxyFixture.PASSWORD).doesNotContain(AdminProxy.ADMIN_PASSWORD);
            for (BackendEndpoint p : proxy.backends().primaries()) {
                if (!p.password().isEmpty()) {
                    assertThat(all).doesNotContain("=" + p.password());
                }
            }
        }
    }

    @Test
    void reloadConfigAppliesAValidFileAndAnswersEveryProblemOfABadOne() throws Exception {
        String good = Files.readString(proxy.file());
        try (Connection admin = proxy.admin()) {
            Table applied = AdminProxy.query(admin, "RELOAD CONFIG");
            assertThat(applied.columns()).containsExactly("applied", "kind", "message");
            assertThat(applied.rows()).allMatch(r -> r.get(0).equals("yes"));
            try {
                Files.writeString(proxy.file(), good.replace("proxy:\n", "proxy:\n  worker-id: 5000\n  max_connections: 3\n"));
                Table rejected = AdminProxy.query(admin, "RELOAD CONFIG");
                assertThat(rejected.rows()).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).contains(
                        "no problem proxy.worker-id: 5000 is out of range 0..1023",
                        "no problem proxy.max_connections: unknown key (did you mean 'max-connections'?)");
                assertThat(proxy.server().config().proxy().workerId()).as("the running config stays").isZero();
            } finally {
                Files.writeString(proxy.file(), good);
            }
            assertThat(AdminProxy.query(admin, "RELOAD CONFIG").rows()).allMatch(r -> r.get(0).equals("yes"));
        }
    }

    private static Map<String, String> replicaRow(Connection admin) throws SQLException {
        return AdminProxy.query(admin, "SHOW NODES").maps().stream().filter(r -> r.get("role").equals("replica"))
                .findFirst().orElseThrow();
    }

    private static Map<String, String> awaitSession(Connection admin, long id, String statement) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, String> last = null;
        while (System.nanoTime() < deadline) {
            for (Map<String, String> row : AdminProxy.query(admin, "SHOW SESSIONS").maps()) {
                if (row.get("id").equals(Long.toString(id))) {
                    last = row;
                    if (statement.equals(row.get("statement"))) {
                        return row;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("session " + id + " never showed " + statement + " (last: " + last + ")");
    }

    static long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
