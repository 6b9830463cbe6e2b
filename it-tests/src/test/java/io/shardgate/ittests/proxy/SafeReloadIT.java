package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ReloadResult;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads that change a table's layout, driven by rewriting the config file as an operator would: a change
 * that would move stored rows is refused with its reason and changes nothing (checked on each backend), a
 * change that moves no row applies, and a layout change of an empty table applies and creates the new layout's
 * physical tables. ds0 is primary 0 (with its replica), ds1 primary 1.
 */
@ExtendWith(SharedBackends.class)
class SafeReloadIT {

    private static final String SCHEMA = "safe_reload";
    private static final String HASH_MOD = """
            schemas:
              - name: safe_reload
                default-node: ds0
                tables:
                  - {name: orders, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: %s}
            """;
    private static final String RANGE = """
            schemas:
              - name: safe_reload
                default-node: ds0
                tables:
                  - {name: orders, shard-key: id, strategy: range, nodes: [ds0, ds1], locations: %s, range-size: 100}
            """;
    private static final String REGION = """
            schemas:
              - name: safe_reload
                default-node: ds0
                tables:
                  - {name: orders, shard-key: country, strategy: region, nodes: [ds0, ds1], locations: %s,
                     regions: %s, default-shard: 1}
            """;
    private static final String ORDERS = "CREATE TABLE orders (id BIGINT PRIMARY KEY, country VARCHAR(8), note VARCHAR(40))";

    @TempDir
    Path dir;
    private Backends backends;
    private ShardgateServer server;
    private Path file;
    private int port;
    /** Whether the nodes written into the file list their replicas. */
    private boolean replicas = true;

    @BeforeEach
    void createDatabases(Backends shared) throws Exception {
        backends = shared;
        for (BackendEndpoint p : backends.primaries()) {
            try (Connection c = root(p); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + SCHEMA);
                s.execute("CREATE DATABASE " + SCHEMA);
            }
        }
        port = freePort();
        file = dir.resolve("sharding.yaml");
    }

    @AfterEach
    void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        for (BackendEndpoint p : backends.primaries()) {
            try (Connection c = root(p); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + SCHEMA);
            }
        }
    }

    @Test
    void hashModTwoToFourWithRowsIsRefusedAndChangesNothing() throws Exception {
        start(HASH_MOD.formatted("[1, 1]"));
        execute(ORDERS);
        for (int id = 1; id <= 20; id++) {
            execute("INSERT INTO orders (id, note) VALUES (" + id + ", 'before')");
        }

        ReloadResult refused = rewrite(HASH_MOD.formatted("[2, 2]"));
        assertThat(refused.applied()).isFalse();
        assertThat(refused.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("schemas.safe_reload.tables.orders: orders holds rows (found in orders_0000 on ds0, "
                        + "orders_0001 on ds1), and the new layout would move rows: hash-mod over 4 shards instead of"
                        + " 2: 75% of the keys would change physical table. The reload is refused and the running "
                        + "config stays.")
                .contains("RESHARD TABLE safe_reload.orders TO '" + file + "'")
                .contains("docs/resharding.md"));
        assertThat(server.config().schema(SCHEMA).orElseThrow().table("orders").orElseThrow().locations())
                .containsExactly(1, 1);
        // SIGHUP and the admin command go through reload(): the same answer
        ReloadResult again = server.reload().get(60, TimeUnit.SECONDS);
        assertThat(again.applied()).isFalse();
        assertThat(again.problems()).isEqualTo(refused.problems());

        execute("INSERT INTO orders (id, note) VALUES (21, 'after'), (22, 'after')");
        awaitReplicas();
        assertThat(idsThroughProxy()).hasSize(22);
        assertThat(tablesOnBackends()).isEqualTo(Map.of("ds0", List.of("orders_0000"), "ds1", List.of("orders_0001")));
        assertThat(ids(0, "orders_0000")).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L);
        assertThat(ids(1, "orders_0001")).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L, 21L);
    }

    @Test
    void hashModTwoToFourOnAnEmptyTableAppliesAndCreatesTheNewTables() throws Exception {
        start(HASH_MOD.formatted("[1, 1]"));
        execute(ORDERS);

        ReloadResult applied = rewrite(HASH_MOD.formatted("[2, 2]"));
        assertThat(applied.applied()).as(applied.describe()).isTrue();
        assertThat(applied.notes()).contains(
                "safe_reload.orders: created orders_0001 on ds0, orders_0002 on ds1, orders_0003 on ds1 like orders_0000",
                "safe_reload.orders: orders_0001 on ds1 no longer used (empty; left in place, drop by hand)");
        assertThat(tablesOnBackends()).isEqualTo(Map.of("ds0", List.of("orders_0000", "orders_0001"),
                "ds1", List.of("orders_0001", "orders_0002", "orders_0003")));

        for (int id = 0; id < 8; id++) {
            execute("INSERT INTO orders (id, note) VALUES (" + id + ", 'new layout')");
        }
        assertThat(ids(0, "orders_0000")).containsExactly(0L, 4L);
        assertThat(ids(0, "orders_0001")).containsExactly(1L, 5L);
        assertThat(ids(1, "orders_0002")).containsExactly(2L, 6L);
        assertThat(ids(1, "orders_0003")).containsExactly(3L, 7L);
        assertThat(ids(1, "orders_0001")).isEmpty();
        awaitReplicas();
        assertThat(idsThroughProxy()).hasSize(8);
    }

    @Test
    void anAppendedRangeAppliesWithRowsPresent() throws Exception {
        start(RANGE.formatted("[1, 1]"));
        execute(ORDERS);
        execute("INSERT INTO orders (id, note) VALUES (5, 'a'), (150, 'b')");

        ReloadResult applied = rewrite(RANGE.formatted("[1, 2]"));
        assertThat(applied.applied()).as(applied.describe()).isTrue();
        assertThat(applied.notes()).contains(
                "safe_reload.orders: ranges added beyond the old ones [0, 200); every stored key keeps its table",
                "safe_reload.orders: created orders_0002 on ds1 like orders_0000");

        execute("INSERT INTO orders (id, note) VALUES (250, 'c')");
        assertThat(ids(0, "orders_0000")).containsExactly(5L);
        assertThat(ids(1, "orders_0001")).containsExactly(150L);
        assertThat(ids(1, "orders_0002")).containsExactly(250L);
        awaitReplicas();
        assertThat(idsThroughProxy()).containsExactly(5L, 150L, 250L);
    }

    @Test
    void aRegionAdditionThatWouldMoveRowsIsRefused() throws Exception {
        start(REGION.formatted("[1, 1]", "{de: 0, us: 1}"));
        execute(ORDERS);
        // jp is not listed: it lives in the default region, orders_0001 on ds1
        execute("INSERT INTO orders (id, country) VALUES (1, 'de'), (2, 'jp')");
        assertThat(ids(1, "orders_0001")).containsExactly(2L);

        ReloadResult refused = rewrite(REGION.formatted("[1, 2]", "{de: 0, us: 1, jp: 2}"));
        assertThat(refused.applied()).isFalse();
        assertThat(refused.problems()).singleElement().satisfies(p -> assertThat(p).contains(
                "the new layout would move rows: rows with country = 'jp' would move from orders_0001 on ds1 to "
                        + "orders_0002 on ds1."));
        assertThat(tablesOnBackends()).isEqualTo(Map.of("ds0", List.of("orders_0000"), "ds1", List.of("orders_0001")));
        execute("INSERT INTO orders (id, country) VALUES (3, 'jp')");
        assertThat(ids(1, "orders_0001")).containsExactly(2L, 3L);

        // a region for values no row can hold yet (kr was never listed and the default keeps its table) applies
        ReloadResult applied = rewrite(REGION.formatted("[1, 1]", "{de: 0, us: 1, kr: 1}"));
        assertThat(applied.applied()).as(applied.describe()).isTrue();
    }

    @Test
    void aReplicaChangeAppliesWithRowsPresent() throws Exception {
        String schemas = HASH_MOD.formatted("[1, 1]");
        replicas = false;
        start(schemas);
        execute(ORDERS);
        execute("INSERT INTO orders (id, note) VALUES (1, 'a'), (2, 'b')");
        assertThat(server.config().node("ds0").orElseThrow().replicas()).isEmpty();

        replicas = true;
        ReloadResult applied = rewrite(schemas);
        assertThat(applied.applied()).as(applied.describe()).isTrue();
        assertThat(server.config().node("ds0").orElseThrow().replicas()).isNotEmpty();
        awaitReplicas();
        assertThat(idsThroughProxy()).containsExactly(1L, 2L);
    }

    @Test
    void aBroadcastTableGainsANodeOnlyWhileEmpty() throws Exception {
        String countries = """
                schemas:
                  - name: safe_reload
                    default-node: ds0
                    tables:
                      - {name: countries, broadcast: true, nodes: %s}
                """;
        start(countries.formatted("[ds0]"));
        execute("CREATE TABLE countries (id BIGINT PRIMARY KEY, name VARCHAR(20))");
        execute("INSERT INTO countries VALUES (1, 'France')");

        ReloadResult refused = rewrite(countries.formatted("[ds0, ds1]"));
        assertThat(refused.problems()).singleElement().satisfies(p -> assertThat(p).startsWith(
                "schemas.safe_reload.tables.countries: countries holds rows (found in countries on ds0), and the new "
                        + "layout would move rows: new copies countries on ds1 would start empty"));
        assertThat(tablesOnBackends()).isEqualTo(Map.of("ds0", List.of("countries"), "ds1", List.of()));

        execute("DELETE FROM countries");
        // ds1 does not even have the database yet: the reload creates it like ds0's, then the copy
        try (Connection c = root(backends.primary(1)); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + SCHEMA);
        }
        ReloadResult applied = rewrite(countries.formatted("[ds0, ds1]"));
        assertThat(applied.applied()).as(applied.describe()).isTrue();
        assertThat(applied.notes()).contains("safe_reload.countries: created countries on ds1 like countries");
        execute("INSERT INTO countries VALUES (2, 'Japan')");
        assertThat(ids(0, "countries")).containsExactly(2L);
        assertThat(ids(1, "countries")).containsExactly(2L);
    }

    @Test
    void aNodeThatCannotBeAskedFailsTheReloadClearly() throws Exception {
        int closed = freePort(); // nothing listens there
        String dead = "  - {name: dead, primary: 127.0.0.1:" + closed + ", user: u, password: p, "
                + "pool: {connect-timeout: 2s}}\n";
        String layout = """
                schemas:
                  - name: safe_reload
                    default-node: ds0
                    tables:
                      - {name: orders, shard-key: id, strategy: hash-mod, nodes: [ds0, dead], locations: %s}
                """;
        start(layout.formatted("[1, 1]"), dead);
        ReloadResult refused = rewrite(layout.formatted("[2, 2]"), dead);
        assertThat(refused.applied()).isFalse();
        assertThat(refused.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("cannot ask the backends about the layout change: node dead: backend 127.0.0.1:" + closed
                        + ": cannot connect")
                .endsWith("; the reload is refused and the running config stays"));
        assertThat(server.config().schema(SCHEMA).orElseThrow().table("orders").orElseThrow().locations())
                .containsExactly(1, 1);
    }

    // ---- helpers ----

    private void start(String schemas) throws IOException {
        start(schemas, "");
    }

    /** @param extraNodes node items added after the backends' own */
    private void start(String schemas, String extraNodes) throws IOException {
        write(schemas, extraNodes);
        server = ShardgateServer.serve(file);
    }

    private ReloadResult rewrite(String schemas) throws Exception {
        return rewrite(schemas, "");
    }

    /** Writes the new file the way an editor's atomic save does, and waits for the watcher's verdict. */
    private ReloadResult rewrite(String schemas, String extraNodes) throws Exception {
        Instant before = server.lastReload().map(ReloadResult::at).orElse(Instant.MIN);
        write(schemas, extraNodes);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ReloadResult last = server.lastReload().orElse(null);
            if (last != null && last.at().isAfter(before)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the watcher did not reload " + file + " within 60 s");
    }

    private void write(String schemas, String extraNodes) throws IOException {
        String yaml = ProxyFixture.yaml(backends, extraNodes + schemas)
                .replace("listen: 127.0.0.1:3307", "listen: 127.0.0.1:" + port);
        if (!replicas) {
            yaml = yaml.lines().filter(l -> !l.trim().startsWith("replicas:")).reduce((a, b) -> a + "\n" + b)
                    .orElseThrow() + "\n";
        }
        Path tmp = dir.resolve("sharding.yaml.tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = proxy(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<Long> idsThroughProxy() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = proxy(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM orders ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The ids in one physical table, read on the primary directly. */
    private List<Long> ids(int primary, String table) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = root(backends.primary(primary)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + SCHEMA + "." + table + " ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Node -> the tables of the schema's database there, sorted. */
    private Map<String, List<String>> tablesOnBackends() throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        for (int i = 0; i < backends.primaries().size(); i++) {
            TreeSet<String> names = new TreeSet<>();
            try (Connection c = root(backends.primary(i)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW TABLES FROM " + SCHEMA)) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            tables.put("ds" + i, List.copyOf(names));
        }
        return tables;
    }

    private void awaitReplicas() {
        backends.replicas().forEach(r -> backends.awaitReplicaCaughtUp(r, Duration.ofSeconds(60)));
    }

    private Connection proxy() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + SCHEMA, ProxyFixture.USER,
                ProxyFixture.PASSWORD);
    }

    private static Connection root(BackendEndpoint p) throws SQLException {
        return DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
