package io.shardgate.ittests.reshard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.TableConfig;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import io.shardgate.router.strategy.LookupStoreFactory;
import io.shardgate.router.strategy.ShardStrategies;
import io.shardgate.router.strategy.ShardStrategy;
import io.shardgate.router.topology.ShardLocation;
import io.shardgate.router.topology.TableTopology;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RESHARD} through the admin interface while 8 clients insert, update and delete through the proxy, each
 * keeping a shadow log of its acknowledged writes. Afterwards every row the logs say must exist exists exactly
 * once, with its last acknowledged note, in the physical table the new layout names (read on each backend
 * directly), the bound table moved with it, no client saw an error, and the old tables stay until
 * {@code RESHARD CLEANUP}.
 */
@ExtendWith(SharedBackends.class)
class OnlineReshardIT {

    private static final String SCHEMA = "reshard_it";
    private static final int CLIENTS = 8;
    private static final int SEEDED = 3000;
    private static final String ADMIN = "ops";
    private static final String ADMIN_PASSWORD = "ops-secret-pw";

    @TempDir
    Path dir;
    private Backends backends;
    private ShardgateServer server;
    /** What the last check on the backends saw of orders: each row's shard key, rows per physical table. */
    private final List<Long> shardKeys = new ArrayList<>();
    private final Map<String, Integer> rowsPerTable = new TreeMap<>();

    @BeforeEach
    void databases(Backends shared) throws SQLException {
        backends = shared;
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA);
        }
    }

    @AfterEach
    void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SCHEMA);
        }
    }

    @Test
    void hashModTwoToFourUnderWrites() throws Exception {
        String layout = """
                schemas:
                  - name: reshard_it
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: %s}
                      - {name: order_items, binding: orders, shard-key: user_id}
                """;
        Outcome o = reshardUnderWrites(layout.formatted("[1, 1]"), layout.formatted("[2, 2]"), id -> id * 7 % 1009);

        assertThat(o.moved.locations()).containsExactly(2, 2);
        assertThat(o.moved.generation()).isEqualTo(1);
        assertThat(TableTopology.of(o.moved).locations()).extracting(ShardLocation::physicalTable)
                .containsExactly("orders_g1_0000", "orders_g1_0001", "orders_g1_0002", "orders_g1_0003");
    }

    @Test
    void rangeSplitAtANewBoundaryUnderWrites() throws Exception {
        String layout = """
                schemas:
                  - name: reshard_it
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: user_id, strategy: range, nodes: [ds0, ds1], locations: %s,
                         boundaries: %s}
                      - {name: order_items, binding: orders, shard-key: user_id}
                """;
        // the seeded keys 1..3000 share [0, 500000) on ds0 until it is split at 1500; new keys go to ds1
        Outcome o = reshardUnderWrites(layout.formatted("[1, 1]", "[0, 500000, 100000000]"),
                layout.formatted("[2, 1]", "[0, 1500, 500000, 100000000]"), id -> id);

        assertThat(TableTopology.of(o.moved).locations()).containsExactly(new ShardLocation("ds0", "orders_g1_0000"),
                new ShardLocation("ds0", "orders_g1_0001"), new ShardLocation("ds1", "orders_g1_0002"));
        // both halves of the split range hold seeded rows; the clients' new keys (from 1,000,000) are on ds1
        assertThat(o.rowsPerTable).containsOnlyKeys("orders_g1_0000", "orders_g1_0001", "orders_g1_0002");
        assertThat(o.keys).filteredOn(k -> k >= 1_000_000).isNotEmpty();
    }

    @Test
    void consistentHashGainingAShardMovesAboutOneInNPlusOne() throws Exception {
        String layout = """
                schemas:
                  - name: reshard_it
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: user_id, strategy: consistent-hash, nodes: [ds0, ds1],
                         locations: %s, virtual-nodes: 160}
                      - {name: order_items, binding: orders, shard-key: user_id}
                """;
        Outcome o = reshardUnderWrites(layout.formatted("[2, 1]"), layout.formatted("[2, 2]"), id -> id);

        ShardStrategy before = ShardStrategies.create(o.before, ZoneOffset.UTC, LookupStoreFactory.NONE);
        ShardStrategy after = ShardStrategies.create(o.moved, ZoneOffset.UTC, LookupStoreFactory.NONE);
        long changed = o.keys.stream().filter(k -> before.shardOf(k) != after.shardOf(k)).count();
        double fraction = (double) changed / o.keys.size();
        System.out.printf("consistent-hash 3 -> 4 shards: %d of %d rows changed shard (%.3f; 1/(N+1) = 0.250)%n",
                changed, o.keys.size(), fraction);
        // every key that changed went to the new shard, and about a quarter did
        assertThat(o.keys.stream().filter(k -> before.shardOf(k) != after.shardOf(k))
                .allMatch(k -> after.shardOf(k) == 3)).isTrue();
        assertThat(fraction).isBetween(0.15, 0.35);
    }

    /** What a reshard under writes left, checked already; for the strategy's own assertions. */
    private record Outcome(TableConfig before, TableConfig moved, Map<String, String> status, List<Long> keys,
                           Map<String, Integer> rowsPerTable) {
    }

    private Outcome reshardUnderWrites(String before, String after, LongUnaryOperator shardKeyOf) throws Exception {
        int port = freePort();
        Path file = dir.resolve("sharding.yaml");
        Path target = dir.resolve("target.yaml");
        Files.writeString(file, yaml(before, port));
        Files.writeString(target, yaml(after, port));
        server = ShardgateServer.serve(file);

        List<Long> seeded = new ArrayList<>();
        try (Connection c = proxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, note VARCHAR(40), "
                    + "amount INT, created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            s.execute("CREATE TABLE order_items (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, qty INT)");
            for (long id = 1; id <= SEEDED; id++) {
                s.addBatch("INSERT INTO orders (id, user_id, note, amount) VALUES (" + id + ", "
                        + shardKeyOf.applyAsLong(id) + ", 'seed', 0)");
                seeded.add(id);
            }
            s.executeBatch();
            for (long id = 1; id <= 500; id++) {
                s.addBatch("INSERT INTO order_items (id, user_id, qty) VALUES (" + id + ", " + shardKeyOf.applyAsLong(id)
                        + ", " + id + ")");
            }
            s.executeBatch();
        }

        Map<String, String> status;
        ShadowWorkload clients = new ShadowWorkload(CLIENTS, this::proxy, seeded, shardKeyOf);
        shardKeys.clear();
        rowsPerTable.clear();
        try (clients; Connection admin = admin()) {
            clients.start(1_000_000);
            awaitWrites(clients, 200);
            String started = ok(admin, "RESHARD TABLE reshard_it.orders TO '" + target + "'");
            assertThat(started).contains("orders, order_items").contains("generation 1");
            status = awaitEnd(admin);
            long afterCutover = clients.writes();
            awaitWrites(clients, afterCutover + 200); // the new layout takes writes too
            clients.close();
            assertThat(clients.errors()).as("client errors").isEmpty();
            System.out.printf("reshard: %s; %d acknowledged writes, slowest %d ms%n", status, clients.writes(),
                    clients.slowestMillis());
            assertThat(status.get("phase")).as(status.toString()).isEqualTo("done");
            assertThat(status.get("error")).isNull();

            TableConfig moved = server.config().schema(SCHEMA).orElseThrow().table("orders").orElseThrow();
            Map<Long, String> found = rowsOnBackends(moved, "orders", "note");
            assertThat(found).isEqualTo(clients.expected());
            Map<Long, String> items = rowsOnBackends(server.config().schema(SCHEMA).orElseThrow()
                    .table("order_items").orElseThrow(), "order_items", "qty");
            assertThat(items).hasSize(500);
            assertThat(count("SELECT COUNT(*) FROM orders")).isEqualTo(clients.expected().size());

            // the file is the new layout's, the old one kept beside it; the old tables stay until RESHARD CLEANUP
            assertThat(Files.readString(file)).contains("generation: 1");
            assertThat(dir.resolve("sharding.yaml.before-g1")).exists();
            TableConfig old = ConfigLoader.parse(Files.readString(dir.resolve("sharding.yaml.before-g1")), "old")
                    .schema(SCHEMA).orElseThrow().table("orders").orElseThrow();
            for (ShardLocation l : TableTopology.of(old).locations()) {
                assertThat(tables(l.node())).contains(l.physicalTable());
            }
            List<List<String>> dropped = query(admin, "RESHARD CLEANUP");
            assertThat(dropped).hasSize(2 * old.shardCount());
            for (ShardLocation l : TableTopology.of(old).locations()) {
                assertThat(tables(l.node())).doesNotContain(l.physicalTable());
            }
            return new Outcome(old, moved, status, List.copyOf(shardKeys), rowsPerTable);
        }
    }

    /**
     * Every row of the logical table read on each backend directly: id -> the named column. Each id once, each in
     * the physical table the layout names for its shard key.
     */
    private Map<Long, String> rowsOnBackends(TableConfig table, String logical, String column) throws SQLException {
        ShardStrategy strategy = ShardStrategies.create(table, ZoneOffset.UTC, LookupStoreFactory.NONE);
        TableTopology topology = TableTopology.of(table);
        Map<Long, String> rows = new TreeMap<>();
        Map<Long, String> where = new HashMap<>();
        for (ShardLocation l : topology.locations()) {
            try (Connection c = direct(l.node()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, user_id, " + column + " FROM " + SCHEMA + "."
                         + l.physicalTable())) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String at = l.node() + "/" + l.physicalTable();
                    String twice = where.put(id, at);
                    assertThat(twice).as(logical + " row " + id + " in " + at + " and " + twice).isNull();
                    assertThat(topology.location(strategy.shardOf(rs.getLong(2))))
                            .as(logical + " row " + id + " with key " + rs.getLong(2)).isEqualTo(l);
                    rows.put(id, rs.getString(3));
                    if (logical.equals("orders")) {
                        shardKeys.add(rs.getLong(2));
                        rowsPerTable.merge(l.physicalTable(), 1, Integer::sum);
                    }
                }
            }
        }
        return rows;
    }

    private static void awaitWrites(ShadowWorkload clients, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (clients.writes() < atLeast && clients.errors().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Polls SHOW RESHARD STATUS until the reshard ended; its last row as column -> value. */
    private static Map<String, String> awaitEnd(Connection admin) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        Map<String, String> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = status(admin);
            String phase = status.get("phase");
            if (phase.equals("done") || phase.equals("failed") || phase.equals("cancelled")) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the reshard did not end within 10 minutes: " + status);
    }

    static Map<String, String> status(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SHOW RESHARD STATUS");
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                Map<String, String> out = new LinkedHashMap<>();
                if (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.put(md.getColumnLabel(i), rs.getString(i));
                    }
                }
                return out;
            }
        }
    }

    /** A command answering one row of one column (RESHARD TABLE, CANCEL RESHARD): its text. */
    private static String ok(Connection admin, String sql) throws SQLException {
        List<List<String>> rows = query(admin, sql);
        assertThat(rows).hasSize(1);
        return rows.getFirst().getFirst();
    }

    private static List<List<String>> query(Connection admin, String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute(sql);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = proxy(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> tables(String node) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = direct(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW TABLES FROM " + SCHEMA)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String yaml(String schemas, int port) throws IOException {
        return ProxyFixture.yaml(backends, schemas).replace("listen: 127.0.0.1:3307", "listen: 127.0.0.1:" + port)
                + "admin:\n  listen: 127.0.0.1:" + freePort() + "\n"
                + "  users: [{user: " + ADMIN + ", password: " + ADMIN_PASSWORD + "}]\n"
                + "reshard: {max-rows-per-second: 20000, cutover-timeout: 2s}\n";
    }

    private Connection proxy() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + SCHEMA,
                ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.adminAddress().getPort() + "/",
                ADMIN, ADMIN_PASSWORD);
    }

    private Connection direct(String node) throws SQLException {
        BackendEndpoint p = backends.primary(Integer.parseInt(node.substring(2)));
        return DriverManager.getConnection(p.jdbcUrl(SCHEMA), "root", p.rootPassword());
    }

    private static void root(BackendEndpoint p, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
             Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
