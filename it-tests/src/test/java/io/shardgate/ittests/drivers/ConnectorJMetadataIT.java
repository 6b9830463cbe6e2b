package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connector/J's {@link DatabaseMetaData} through the proxy, both ways the driver can read it: SHOW statements
 * (its default) and INFORMATION_SCHEMA queries ({@code useInformationSchema=true}), where a table name with
 * {@code _} is a LIKE pattern ({@code TABLE_NAME LIKE 'order_items'}) and a name without one an equality.
 */
@ExtendWith(SharedBackends.class)
class ConnectorJMetadataIT {

    static final String SCHEMA = "cj_meta";
    static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2],
                     key-generator: {column: order_id}}
                  - {name: order_items, binding: orders, shard-key: user_id}
            """;

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = ProxyFixture.start(backends, SCHEMA, SCHEMAS);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "amount DECIMAL(10,2) NOT NULL, KEY by_user (user_id))");
            s.execute("CREATE TABLE order_items (item_id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, "
                    + "user_id BIGINT NOT NULL, sku VARCHAR(32) NOT NULL)");
            s.execute("CREATE TABLE plain_notes (id INT NOT NULL PRIMARY KEY, body VARCHAR(64))");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Connection connect(boolean informationSchema) throws Exception {
        return proxy.connect("useInformationSchema=" + informationSchema);
    }

    /**
     * Connector/J reading metadata from INFORMATION_SCHEMA ({@code useInformationSchema=true}) asks a MySQL 8
     * server for {@code SELECT WORD FROM INFORMATION_SCHEMA.KEYWORDS WHERE RESERVED=1 ORDER BY WORD} (8.0; 9.x
     * writes {@code RESERVED = 1}), which MariaDB cannot answer: its KEYWORDS table has no RESERVED column. The
     * driver caches the answer per server version in a static map that its SHOW-based metadata fills with a
     * built-in list, so the test uses Connector/J 8.0 in a class loader of its own, where nothing else asked.
     */
    @Test
    void connectorJAsksTheServerForItsReservedWords() throws Exception {
        try (Connection c = OldConnectorJ.connect(proxy.jdbcUrl("useInformationSchema=true"), ProxyFixture.USER,
                ProxyFixture.PASSWORD)) {
            assertThat(c.getMetaData().getDriverVersion()).startsWith("mysql-connector-j-8.0");
            // the driver drops SQL:2003's own keywords (SELECT, LATERAL ...) from what the server answers
            List<String> expected = new ArrayList<>(mysql8ReservedWords());
            expected.removeAll(OldConnectorJ.sql2003Keywords());
            assertThat(c.getMetaData().getSQLKeywords()).isEqualTo(String.join(",", expected));
            assertThat(expected).contains("ACCESSIBLE", "OPTIMIZER_COSTS").doesNotContain("SELECT", "USER");
            assertThat(tables(c.getMetaData(), "order_items")).containsExactly("order_items");
        }
    }

    private static List<String> mysql8ReservedWords() throws Exception {
        try (var in = ConnectorJMetadataIT.class.getResourceAsStream("/io/shardgate/proxy/execute/mysql8-reserved-words.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    @Test
    void theKeywordsTableHasMySql8sShape() throws Exception {
        try (Connection c = connect(false); Statement s = c.createStatement()) {
            List<String> reserved = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT WORD FROM INFORMATION_SCHEMA.KEYWORDS WHERE RESERVED=1 ORDER BY WORD")) {
                while (rs.next()) {
                    reserved.add(rs.getString(1));
                }
            }
            assertThat(reserved).hasSize(262).contains("ACCESSIBLE", "LATERAL", "SELECT").doesNotContain("USER").isSorted();
            try (ResultSet rs = s.executeQuery("SELECT k.WORD, k.RESERVED FROM information_schema.keywords k "
                    + "WHERE k.WORD IN ('SELECT', 'USER') ORDER BY k.WORD")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "=" + rs.getInt(2)).isEqualTo("SELECT=1");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "=" + rs.getInt(2)).isEqualTo("USER=0");
            }
        }
    }

    @ParameterizedTest(name = "useInformationSchema={0}")
    @ValueSource(booleans = {false, true})
    void tablesWithAndWithoutUnderscoreAreFoundByName(boolean informationSchema) throws Exception {
        try (Connection c = connect(informationSchema)) {
            DatabaseMetaData md = c.getMetaData();
            for (String table : List.of("orders", "order_items", "plain_notes")) {
                assertThat(tables(md, table)).as("getTables(%s)", table).containsExactly(table);
            }
            assertThat(tables(md, "order\\_items")).as("an escaped pattern").containsExactly("order_items");
            assertThat(tables(md, "no_such_table")).isEmpty();
        }
    }

    @ParameterizedTest(name = "useInformationSchema={0}")
    @ValueSource(booleans = {false, true})
    void columnsOfAShardedTableAreItsOwnOnce(boolean informationSchema) throws Exception {
        try (Connection c = connect(informationSchema)) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(columns(md, "order_items", "%")).containsExactly("order_items.item_id", "order_items.order_id",
                    "order_items.user_id", "order_items.sku");
            assertThat(columns(md, "orders", "%")).containsExactly("orders.order_id", "orders.user_id", "orders.amount");
            assertThat(columns(md, "order_items", "s%")).containsExactly("order_items.sku");
            try (ResultSet rs = md.getPrimaryKeys(SCHEMA, null, "order_items")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_NAME")).isEqualTo("order_items");
                assertThat(rs.getString("COLUMN_NAME")).isEqualTo("item_id");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    private static List<String> tables(DatabaseMetaData md, String pattern) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(SCHEMA, null, pattern, new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static List<String> columns(DatabaseMetaData md, String table, String column) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getColumns(SCHEMA, null, table, column)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME"));
            }
        }
        return names;
    }
}
