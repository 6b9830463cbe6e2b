package io.shardgate.ittests.reshard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reshard's life apart from the happy path: CANCEL RESHARD mid-copy leaves the old layout serving and drops the
 * new tables; a proxy stopped mid-copy resumes at its next start from the state table; a server-side prepared
 * statement prepared on the old layout is refused with 1615 after the cutover instead of writing where nobody
 * reads. The copy is slowed ({@code max-rows-per-second}) so there is a "mid-copy" to act in.
 */
@ExtendWith(SharedBackends.class)
class ReshardLifecycleIT {

    private static final String SCHEMA = "reshard_life";
    private static final int ROWS = 2000;
    private static final String LAYOUT = """
            schemas:
              - name: reshard_life
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: %s}
            """;

    @TempDir
    Path dir;
    private Backends backends;
    private ShardgateServer server;
    private Path file;
    private Path target;

    @BeforeEach
    void setUp(Backends shared) throws Exception {
        backends = shared;
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA);
        }
        int port = freePort();
        int adminPort = freePort();
        file = dir.resolve("sharding.yaml");
        target = dir.resolve("target.yaml");
        Files.writeString(file, yaml(LAYOUT.formatted("[1, 1]"), port, adminPort));
        Files.writeString(target, yaml(LAYOUT.formatted("[2, 2]"), port, adminPort));
        server = ShardgateServer.serve(file);
        try (Connection c = proxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, note VARCHAR(40))");
            for (int id = 1; id <= ROWS; id++) {
                s.addBatch("INSERT INTO orders (id, user_id, note) VALUES (" + id + ", " + id + ", 'row " + id + "')");
            }
            s.executeBatch();
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (server != null) {
            server.close();
        }
        for (BackendEndpoint p : backends.primaries()) {
            root(p, "DROP DATABASE IF EXISTS " + SCHEMA);
        }
    }

    @Test
    void cancelMidCopyLeavesTheOldLayoutAndDropsTheNewTables() throws Exception {
        try (Connection admin = admin()) {
            query(admin, "RESHARD TABLE reshard_life.orders TO '" + target + "'");
            await(admin, s -> s.get("phase").equals("copying") && Long.parseLong(s.get("rows_copied")) > 0);
            assertThat(query(admin, "CANCEL RESHARD").getFirst().getFirst())
                    .isEqualTo("reshard of reshard_life.orders: cancelled; the old layout serves, the new tables are "
                            + "dropped");
            assertThat(OnlineReshardIT.status(admin)).containsEntry("phase", "cancelled");
        }
        assertThat(tables(0)).containsExactlyInAnyOrder("orders_0000", "shardgate_reshard");
        assertThat(tables(1)).containsExactly("orders_0001");
        assertThat(server.config().schema(SCHEMA).orElseThrow().table("orders").orElseThrow().locations())
                .containsExactly(1, 1);
        assertThat(Files.readString(file)).doesNotContain("generation");
        assertThat(count()).isEqualTo(ROWS);
    }

    @Test
    void aProxyStoppedMidCopyResumesAndPreparedStatementsOfTheOldLayoutMustBePreparedAgain() throws Exception {
        try (Connection admin = admin()) {
            query(admin, "RESHARD TABLE reshard_life.orders TO '" + target + "'");
            await(admin, s -> s.get("phase").equals("copying") && Long.parseLong(s.get("rows_copied")) >= 400);
        }
        server.close();
        server = null;
        assertThat(tables(0)).contains("orders_g1_0000", "orders_g1_0001");

        server = ShardgateServer.serve(file); // finds the unfinished reshard in its state table and goes on
        try (Connection admin = admin();
             Connection prepared = DriverManager.getConnection(proxyUrl() + "?useServerPrepStmts=true",
                     ProxyFixture.USER, ProxyFixture.PASSWORD);
             PreparedStatement insert = prepared.prepareStatement("INSERT INTO orders (id, user_id, note) VALUES (?, ?, ?)")) {
            insert(insert, ROWS + 1); // prepared and run on the old layout, while the resumed copy goes on
            Map<String, String> status = await(admin, s -> !s.isEmpty() && !s.get("phase").equals("copying")
                    && !s.get("phase").equals("creating") && !s.get("phase").equals("catching_up")
                    && !s.get("phase").equals("verifying") && !s.get("phase").equals("cutting_over"));
            assertThat(status.get("phase")).as(status.toString()).isEqualTo("done");
            assertThatThrownBy(() -> insert(insert, ROWS + 2)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1615));
            try (PreparedStatement again = prepared.prepareStatement("INSERT INTO orders (id, user_id, note) VALUES (?, ?, ?)")) {
                insert(again, ROWS + 2);
            }
        }
        // every row once, in the table hash-mod over 4 names (user_id = id)
        List<Long> all = new ArrayList<>();
        for (int shard = 0; shard < 4; shard++) {
            List<Long> ids = ids(shard < 2 ? 0 : 1, "orders_g1_000" + shard);
            int s = shard;
            assertThat(ids).allMatch(id -> id % 4 == s);
            all.addAll(ids);
        }
        assertThat(all).hasSize(ROWS + 2).doesNotHaveDuplicates();
        assertThat(count()).isEqualTo(ROWS + 2);
    }

    private static void insert(PreparedStatement insert, long id) throws SQLException {
        insert.setLong(1, id);
        insert.setLong(2, id);
        insert.setString(3, "prepared " + id);
        insert.executeUpdate();
    }

    private static Map<String, String> await(Connection admin, Predicate<Map<String, String>> until) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        Map<String, String> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = OnlineReshardIT.status(admin);
            if (!status.isEmpty() && until.test(status)) {
                return status;
            }
            if (!status.isEmpty() && status.get("phase").equals("failed")) {
                throw new AssertionError("the reshard failed: " + status);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("gave up waiting; last status " + status);
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

    private long count() throws SQLException {
        try (Connection c = proxy(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> tables(int primary) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = direct(primary); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW TABLES FROM " + SCHEMA)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<Long> ids(int primary, String table) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = direct(primary); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private String yaml(String schemas, int port, int adminPort) {
        return ProxyFixture.yaml(backends, schemas).replace("listen: 127.0.0.1:3307", "listen: 127.0.0.1:" + port)
                + "admin:\n  listen: 127.0.0.1:" + adminPort + "\n  users: [{user: ops, password: ops-secret-pw}]\n"
                + "reshard: {max-rows-per-second: 300, cutover-timeout: 2s}\n";
    }

    private String proxyUrl() {
        return "jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + SCHEMA;
    }

    private Connection proxy() throws SQLException {
        return DriverManager.getConnection(proxyUrl(), ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.adminAddress().getPort() + "/", "ops",
                "ops-secret-pw");
    }

    private Connection direct(int primary) throws SQLException {
        BackendEndpoint p = backends.primary(primary);
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
