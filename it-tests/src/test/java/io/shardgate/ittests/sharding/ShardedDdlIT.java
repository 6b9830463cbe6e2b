package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.topology.ShardLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DDL and metadata through the proxy: logical DDL reaches every physical table (checked on the backends
 * directly), SHOW TABLES / SHOW CREATE TABLE / DESCRIBE speak of logical tables, and a node hint sends a
 * statement as written to the named node.
 */
@ExtendWith(SharedBackends.class)
class ShardedDdlIT {

    private static ShardedTables tables;
    private static ProxyFixture proxy;
    private static Backends backends;

    @BeforeAll
    static void start(Backends shared) throws SQLException {
        backends = shared;
        tables = ShardedTables.start(shared, "sharded_ddl_it");
        proxy = tables.proxy();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(ShardedTables.CREATE_ORDERS);
            s.execute(ShardedTables.CREATE_ORDER_ITEMS);
            s.execute(ShardedTables.CREATE_COUNTRIES);
            s.execute("CREATE TABLE plain_notes (id INT PRIMARY KEY, body TEXT)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void ddlReachesEveryPhysicalTable() throws SQLException {
        List<ShardLocation> shards = tables.topology("ddl_t").locations();
        execute("CREATE TABLE ddl_t (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)");
        assertThat(tables.backends().tablesOf("ddl_t")).isEqualTo(Map.of(
                "ds0", new TreeSet<>(List.of("ddl_t_0000", "ddl_t_0001")),
                "ds1", new TreeSet<>(List.of("ddl_t_0002", "ddl_t_0003"))));

        execute("ALTER TABLE ddl_t ADD COLUMN note VARCHAR(30) NULL");
        for (ShardLocation l : shards) {
            assertThat(tables.backends().columns(l.node(), l.physicalTable())).as(l.toString())
                    .containsExactly("id", "name", "note");
        }

        execute("CREATE INDEX idx_note ON ddl_t (note)");
        for (ShardLocation l : shards) {
            assertThat(tables.backends().indexes(l.node(), l.physicalTable())).as(l.toString())
                    .containsExactlyInAnyOrder("PRIMARY", "idx_note");
        }

        execute("INSERT INTO ddl_t (id, name, note) VALUES (0, 'a', 'x'), (1, 'b', 'y'), (2, 'c', 'z'), (3, 'd', 'w')");
        for (ShardLocation l : shards) {
            assertThat(tables.backends().rows(l.node(), l.physicalTable(), "id", "id")).as(l.toString()).hasSize(1);
        }
        execute("TRUNCATE TABLE ddl_t");
        for (ShardLocation l : shards) {
            assertThat(tables.backends().rows(l.node(), l.physicalTable(), "id", "id")).as(l.toString()).isEmpty();
        }

        execute("DROP INDEX idx_note ON ddl_t");
        for (ShardLocation l : shards) {
            assertThat(tables.backends().indexes(l.node(), l.physicalTable())).as(l.toString())
                    .containsExactly("PRIMARY");
        }

        execute("DROP TABLE ddl_t");
        assertThat(tables.backends().tablesOf("ddl_t")).isEqualTo(Map.of("ds0", new TreeSet<>(), "ds1", new TreeSet<>()));
    }

    @Test
    void broadcastTableDdlReachesEveryNode() throws SQLException {
        execute("ALTER TABLE countries ADD COLUMN population BIGINT NULL");
        for (String node : List.of("ds0", "ds1")) {
            assertThat(tables.backends().columns(node, "countries")).as(node).containsExactly("code", "name", "population");
        }
        execute("ALTER TABLE countries DROP COLUMN population");
        for (String node : List.of("ds0", "ds1")) {
            assertThat(tables.backends().columns(node, "countries")).as(node).containsExactly("code", "name");
        }
    }

    @Test
    void showTablesListsLogicalNamesOnly() throws SQLException {
        List<String> listed = query("SHOW TABLES");
        assertThat(listed).contains("orders", "order_items", "countries", "plain_notes")
                .noneMatch(t -> t.matches(".*_\\d{4}"));
        // the backends really hold physical tables that the listing hides
        assertThat(tables.backends().tables("ds0")).contains("orders_0000", "orders_0001", "plain_notes");
    }

    @Test
    void showCreateTableAndDescribeUseTheLogicalName() throws SQLException {
        tables.backends().awaitReplicas();
        try (Connection c = proxy.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("orders");
            assertThat(rs.getString(2)).startsWith("CREATE TABLE `orders` (").doesNotContain("orders_0");
        }
        List<String> expectedColumns = List.of("order_id", "user_id", "amount", "status");
        assertThat(query("DESCRIBE orders").stream().map(r -> r.split("\\|")[0]).toList())
                .containsExactlyElementsOf(expectedColumns);
        assertThat(query("SHOW COLUMNS FROM orders").stream().map(r -> r.split("\\|")[0]).toList())
                .containsExactlyElementsOf(expectedColumns);
    }

    @Test
    void nodeHintSendsTheStatementAsWrittenToThatNode() throws SQLException {
        for (int primary = 0; primary < 2; primary++) {
            BackendEndpoint endpoint = backends.primary(primary);
            assertThat(query("/*+ shardgate node=ds" + primary + " primary */ SELECT @@port")).as("ds" + primary)
                    .containsExactly(port(endpoint));
            // a plain read may go to one of the node's replicas, never to another node
            List<String> nodeServers = new ArrayList<>(List.of(port(endpoint)));
            backends.replicas().stream().filter(r -> backends.primaryOf(r).equals(endpoint))
                    .forEach(r -> nodeServers.add(port(r)));
            assertThat(query("/*+ shardgate node=ds" + primary + " */ SELECT @@port")).as("ds" + primary)
                    .hasSize(1).first().isIn(nodeServers);
        }
        // physical names are the hint user's to write: orders_0002 exists on ds1 only
        execute("INSERT INTO orders (order_id, user_id, amount) VALUES (9002, 2, 1.00)");
        assertThat(query("/*+ shardgate node=ds1 */ SELECT order_id FROM orders_0002 WHERE user_id = 2"))
                .containsExactly("9002");
    }

    // ------------------------------------------------------------------ helpers

    private static String port(BackendEndpoint server) {
        return server.address().substring(server.address().lastIndexOf(':') + 1);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> query(String sql) throws SQLException {
        tables.backends().awaitReplicas(); // the read may go to ds0's replica
        try (Connection c = proxy.connect("")) {
            return ResultText.query(c, sql);
        }
    }
}
