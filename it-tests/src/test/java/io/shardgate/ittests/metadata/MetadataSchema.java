package io.shardgate.ittests.metadata;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A schema whose metadata the introspection tests read through the proxy: sharded {@code orders} and its
 * binding table {@code order_items} (hash-mod over 4 physical tables, 2 per node, with a foreign key between
 * them), broadcast {@code countries} (every node) and {@code rates} (ds1 only, not the default node), and
 * unsharded {@code notes} on the default node. Rows are spread over every shard, and each node's statistics
 * are brought up to date, so what the proxy sums can be compared with what each backend says.
 */
final class MetadataSchema {

    static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                  - {name: order_items, binding: orders, shard-key: user_id}
                  - {name: countries, broadcast: true}
                  - {name: rates, broadcast: true, nodes: [ds1]}
            """;

    /**
     * The logical tables a client must see, and nothing else, in the order the server sorts them
     * (utf8mb3_general_ci compares upper case: {@code S} before {@code _}).
     */
    static final List<String> LOGICAL = List.of("countries", "notes", "orders", "order_items", "rates");

    /** A physical shard table's name ({@code orders_0002}): must never reach a client. */
    static final Pattern PHYSICAL = Pattern.compile("(?i).*\\b(orders|order_items)_000[0-3]\\b.*");

    static final int ORDERS = 40;

    private MetadataSchema() {
    }

    static ProxyFixture start(Backends backends, String schema) throws Exception {
        ProxyFixture proxy = ProxyFixture.start(backends, schema, YAML, false);
        try {
            fill(proxy, schema);
        } catch (Exception | AssertionError e) {
            proxy.close(); // the test never gets it to close: leave the shared backends as they were
            throw e;
        }
        return proxy;
    }

    private static void fill(ProxyFixture proxy, String schema) throws Exception {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL, user_id BIGINT NOT NULL, "
                    + "amount DECIMAL(10,2) NOT NULL, note VARCHAR(40) COMMENT 'free text', "
                    + "PRIMARY KEY (order_id, user_id), KEY by_user (user_id)) COMMENT='one row per order'");
            s.execute("CREATE TABLE order_items (item_id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, "
                    + "user_id BIGINT NOT NULL, sku VARCHAR(32) NOT NULL, "
                    + "FOREIGN KEY (order_id, user_id) REFERENCES orders (order_id, user_id))");
            s.execute("CREATE TABLE countries (code CHAR(2) NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            s.execute("CREATE TABLE rates (currency CHAR(3) NOT NULL PRIMARY KEY, rate DECIMAL(10,4) NOT NULL)");
            s.execute("CREATE TABLE notes (id INT NOT NULL PRIMARY KEY, body VARCHAR(64))");
            for (int i = 1; i <= ORDERS; i++) {
                s.execute("INSERT INTO orders (order_id, user_id, amount) VALUES (" + i + ", " + (i % 7) + ", " + i
                        + ".50)");
                s.execute("INSERT INTO order_items (item_id, order_id, user_id, sku) VALUES (" + i + ", " + i + ", "
                        + (i % 7) + ", 'sku-" + i + "')");
            }
            s.execute("INSERT INTO countries VALUES ('FR', 'France'), ('JP', 'Japan'), ('BR', 'Brazil')");
            s.execute("INSERT INTO rates VALUES ('EUR', 1.0), ('JPY', 0.0061)");
            s.execute("INSERT INTO notes VALUES (1, 'a'), (2, 'b')");
        }
        for (int p = 0; p < 2; p++) {
            try (Connection c = proxy.direct(p, ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                         + schema + "'")) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                for (String t : tables) {
                    s.execute("ANALYZE TABLE `" + t + "`");
                }
            }
        }
    }

    /** Every row of {@code sql}, each as label -> value (text), in order. */
    static List<Map<String, String>> rows(Connection c, String sql) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One column of every row. */
    static List<String> column(List<Map<String, String>> rows, String label) {
        return rows.stream().map(r -> r.get(label)).toList();
    }

    /** Fails when any value of any row names a physical shard table. */
    static void assertNoPhysicalName(List<Map<String, String>> rows, String what) {
        for (Map<String, String> row : rows) {
            for (Map.Entry<String, String> e : row.entrySet()) {
                if (e.getValue() != null && PHYSICAL.matcher(e.getValue()).matches()) {
                    throw new AssertionError(what + ": column " + e.getKey() + " names physical table " + e.getValue()
                            + " in row " + row);
                }
            }
        }
    }

    /**
     * A figure of information_schema.TABLES ({@code TABLE_ROWS}, {@code DATA_LENGTH} ...) for each physical table
     * of {@code logical} on the primaries, read directly: what the proxy's answer must add up to.
     */
    static List<Long> backendFigures(ProxyFixture proxy, String logical, String column) throws Exception {
        List<Long> figures = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            try (Connection c = proxy.direct(p, ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + column + " FROM information_schema.TABLES WHERE "
                         + "TABLE_SCHEMA = '" + proxy.schema() + "' AND TABLE_NAME REGEXP '^" + logical
                         + "_[0-9]{4}$' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    figures.add(rs.getLong(1));
                }
            }
        }
        return figures;
    }
}
