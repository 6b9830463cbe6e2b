package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.router.keygen.SnowflakeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node.js applications through the proxy with the real client libraries from npm (mysql2, Sequelize): the
 * JavaScript tests drive the proxy and report the ids they were given; this class checks each row where it
 * landed, directly on each backend.
 */
@ExtendWith(SharedBackends.class)
class NodeClientsIT {

    private static final String SCHEMA = "node_clients";
    /** hash-mod over 4 physical tables: *_0000, *_0001 on ds0 (primary 0), *_0002, *_0003 on ds1 (primary 1). */
    private static final String SCHEMAS = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2],
                     key-generator: {column: order_id}}
                  - {name: tickets, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1],
                     key-generator: {column: id}}
                  - {name: js_events, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2],
                     key-generator: {column: id, layout: js-safe}}
                  - {name: pages, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;

    private static ProxyFixture proxy;
    private static NodeProject node;
    private static Instant started;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        node = NodeProject.prepare();
        started = Instant.now().minusSeconds(5);
        proxy = ProxyFixture.start(backends, SCHEMA, SCHEMAS);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            // AUTO_INCREMENT as ORMs declare it: left to the backends it would repeat ids across shards
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "user_id BIGINT NOT NULL, note VARCHAR(32) NOT NULL)");
            s.execute("CREATE TABLE tickets (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(32) NOT NULL)");
            s.execute("CREATE TABLE js_events (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "user_id BIGINT NOT NULL, label VARCHAR(32) NOT NULL)");
            s.execute("CREATE TABLE pages (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "n INT NOT NULL)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Issue 16 item 1: Sequelize create() and mysql2 INSERTs with DEFAULT get snowflake ids on the right shards. */
    @Test
    void defaultInTheGeneratedColumnGetsSnowflakeIds() throws Exception {
        Map<String, String> reported = run("sequelize-create.test.js");
        List<Row> orders = rows("orders", "note", 4);
        assertThat(orders).extracting(Row::label).containsExactlyInAnyOrder("create-1", "create-2", "create-3",
                "create-4", "create-5", "create-6", "create-7", "create-8", "text-9", "text-10", "text-11",
                "prepared-12", "prepared-13");
        List<Row> tickets = rows("tickets", "title", 2);
        assertThat(tickets).extracting(Row::label).containsExactlyInAnyOrder("ticket-1", "ticket-2", "ticket-3",
                "ticket-4", "ticket-5", "ticket-6", "ticket-7", "ticket-8");
        Set<Long> ids = new HashSet<>();
        for (Row r : orders) {
            assertThat(r.table()).as("%s sits on the shard of user %d", r.label(), r.shardKey()).isEqualTo(r.shardKey() % 4);
            assertSnowflake(r, SnowflakeLayout.STANDARD);
            assertThat(ids.add(r.id())).as("id %d is unique", r.id()).isTrue();
        }
        for (Row r : tickets) {
            assertThat(r.table()).as("ticket %s is routed by its generated id", r.label()).isEqualTo(r.id() % 2);
            assertSnowflake(r, SnowflakeLayout.STANDARD);
            assertThat(ids.add(r.id())).isTrue();
        }
        assertThat(tickets.stream().map(Row::table).distinct()).as("generated keys spread over both shards")
                .hasSize(2);
        assertReportedIdsAreTheRows(reported, "orders", orders);
        assertReportedIdsAreTheRows(reported, "tickets", tickets);
    }

    /** Issue 16 item 7: js-safe ids are exact JavaScript numbers, and Sequelize's bulkCreate() terminates. */
    @Test
    void bulkCreateGetsExactJsSafeIds() throws Exception {
        Map<String, String> reported = run("sequelize-bulk.test.js");
        List<Row> events = rows("js_events", "label", 4);
        assertThat(events).hasSize(1 + 50 + 128 + 1);
        for (Row r : events) {
            assertThat(r.table()).isEqualTo(r.shardKey() % 4);
            assertThat(r.id()).isLessThanOrEqualTo((1L << 53) - 1);
            assertSnowflake(r, SnowflakeLayout.JS_SAFE);
        }
        assertThat(events.stream().map(Row::id).distinct()).hasSize(events.size());
        assertReportedIdsAreTheRows(reported, "js_events", events);
    }

    /** Issue 16 item 2: mysql2's execute() binds LIMIT values as DOUBLE or string; the assertions are in JS. */
    @Test
    void limitParametersFromMysql2() throws Exception {
        run("mysql2-limit.test.js");
    }

    private Map<String, String> run(String file) throws Exception {
        Path results = Files.createFile(dir.resolve("results.tsv"));
        node.test(file, Map.of("SHARDGATE_PORT", String.valueOf(proxy.port()), "SHARDGATE_USER", ProxyFixture.USER,
                "SHARDGATE_PASSWORD", ProxyFixture.PASSWORD, "SHARDGATE_DATABASE", SCHEMA,
                "RESULTS_FILE", results.toString()));
        Map<String, String> reported = new HashMap<>();
        for (String line : Files.readAllLines(results)) {
            String[] f = line.split("\t");
            reported.put(f[0] + "/" + f[1], f[2]);
        }
        return reported;
    }

    /** One row as found on a backend: its physical table's index, id, label and shard key (or id). */
    record Row(int table, long id, String label, long shardKey) {
    }

    /** Every row of every physical table of {@code table}, read on the primaries directly. */
    private static List<Row> rows(String table, String labelColumn, int tables) throws Exception {
        String idColumn = table.equals("orders") ? "order_id" : "id";
        String keyColumn = table.equals("tickets") ? "id" : "user_id";
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
            int primary = t < tables / 2 ? 0 : 1;
            try (Connection c = proxy.direct(primary, ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + idColumn + ", " + labelColumn + ", " + keyColumn
                         + " FROM " + table + "_" + String.format("%04d", t))) {
                while (rs.next()) {
                    rows.add(new Row(t, rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return rows;
    }

    private static void assertSnowflake(Row r, SnowflakeLayout layout) {
        assertThat(layout.workerOf(r.id())).as("worker of %d", r.id()).isZero();
        assertThat(layout.timestampOf(r.id())).as("%s id %d made during this test, not by AUTO_INCREMENT", r.label(),
                r.id()).isBetween(started, Instant.now().plus(Duration.ofMinutes(1)));
    }

    private static void assertReportedIdsAreTheRows(Map<String, String> reported, String table, List<Row> rows) {
        int checked = 0;
        for (Row r : rows) {
            String id = reported.get(table + "/" + r.label());
            if (id != null) {
                assertThat(id).as("the id the client got for %s", r.label()).isEqualTo(Long.toString(r.id()));
                checked++;
            }
        }
        assertThat(checked).as("rows whose id the client reported").isPositive();
        assertThat(reported.keySet().stream().filter(k -> k.startsWith(table + "/")).count()).isEqualTo(checked);
    }
}
