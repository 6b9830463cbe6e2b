package io.shardgate.ittests.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read-your-writes against a primary and a real GTID replica. Lag is made deterministically by stopping the
 * replica's SQL thread on the replica itself. Where a read ran is told by a marker row that exists on the replica
 * only (written there with sql_log_bin=0): a read returning {@code replica} ran there, one without it on the
 * primary; MASTER_GTID_WAIT calls are counted by the replica's own {@code Master_gtid_wait_count}.
 *
 * <p>One schema per mode and multiplexing setting, all on the same servers.
 */
class ReadYourWritesIT {

    private static final AtomicInteger IDS = new AtomicInteger(1);
    private static Backends backends;
    private static ShardgateServer server;

    @BeforeAll
    static void start() throws Exception {
        backends = new LocalBackendProvider().start(Topology.of(1, 1));
        StringBuilder schemas = new StringBuilder("schemas:\n");
        for (String mode : List.of("causal", "off", "1h")) {
            for (boolean mux : List.of(true, false)) {
                String schema = schema(mode, mux);
                root(backends.primary(0), "CREATE DATABASE " + schema,
                        "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(10))");
                schemas.append("  - {name: ").append(schema).append(", default-node: ds0, multiplexing: ").append(mux)
                        .append(", read-your-writes: ").append(mode).append(", causal-wait: 100ms}\n");
            }
        }
        BackendEndpoint replica = backends.replica(0);
        backends.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));
        List<String> markers = new ArrayList<>(List.of("SET SESSION sql_log_bin = 0"));
        for (String mode : List.of("causal", "off", "1h")) {
            for (boolean mux : List.of(true, false)) {
                markers.add("INSERT INTO " + schema(mode, mux) + ".t VALUES (0, 'replica')");
            }
        }
        root(replica, markers.toArray(String[]::new));
        server = ShardgateServer.start(ConfigLoader.parse(ProxyFixture.yaml(backends, schemas.toString()), "ryw.yaml"),
                new HostPort("127.0.0.1", 0));
    }

    private static String schema(String mode, boolean multiplexing) {
        return "ryw_" + (mode.equals("1h") ? "window" : mode) + (multiplexing ? "_mux" : "_pinned");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @AfterEach
    void replicaRunsAgain() throws SQLException {
        root(backends.replica(0), "START SLAVE SQL_THREAD");
        backends.awaitReplicaCaughtUp(backends.replica(0), Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "multiplexing {0}")
    @ValueSource(booleans = {true, false})
    void causalReadsSeeTheWriteOnThePrimaryWhileTheReplicaLagsThenOnTheReplica(boolean multiplexing)
            throws Exception {
        try (Connection c = client(schema("causal", multiplexing))) {
            assertThat(where(c, -1)).as("a read before any write").isEqualTo("replica");
            root(backends.replica(0), "STOP SLAVE SQL_THREAD");
            int id = write(c);
            long waitsBefore = gtidWaits();
            assertThat(where(c, id)).as("the replica lags: the read runs on the primary and sees the row")
                    .isEqualTo("primary+row");
            assertThat(where(c, id)).as("and again while it lags").isEqualTo("primary+row");
            assertThat(gtidWaits() - waitsBefore).as("each read asked the replica").isEqualTo(2);

            root(backends.replica(0), "START SLAVE SQL_THREAD");
            backends.awaitReplicaCaughtUp(backends.replica(0), Duration.ofSeconds(30));
            long caughtUp = gtidWaits();
            assertThat(where(c, id)).as("caught up: the replica serves the read").isEqualTo("replica+row");
            assertThat(where(c, id)).isEqualTo("replica+row");
            assertThat(gtidWaits() - caughtUp).as("the replica is asked once per write, not per read").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "multiplexing {0}")
    @ValueSource(booleans = {true, false})
    void offReadsFromTheReplicaRightAfterAWrite(boolean multiplexing) throws Exception {
        try (Connection c = client(schema("off", multiplexing))) {
            root(backends.replica(0), "STOP SLAVE SQL_THREAD");
            int id = write(c);
            assertThat(where(c, id)).as("the lagging replica serves the read: the row is not there yet")
                    .isEqualTo("replica");
        }
    }

    @ParameterizedTest(name = "multiplexing {0}")
    @ValueSource(booleans = {true, false})
    void aTransactionThatOnlyReadSendsReadsBackToTheReplicaAtOnce(boolean multiplexing) throws Exception {
        try (Connection c = client(schema("1h", multiplexing)); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            assertThat(where(c, -1)).as("inside the transaction").isEqualTo("primary");
            s.execute("COMMIT");
            assertThat(where(c, -1)).as("after its COMMIT").isEqualTo("replica");
            s.execute("BEGIN");
            where(c, -1);
            s.execute("ROLLBACK");
            assertThat(where(c, -1)).as("after its ROLLBACK").isEqualTo("replica");
            s.execute("SET autocommit = 0");
            assertThat(where(c, -1)).as("autocommit off").isEqualTo("primary");
            s.execute("SET autocommit = 1");
            assertThat(where(c, -1)).as("after SET autocommit=1").isEqualTo("replica");

            int id = write(c);
            backends.awaitReplicaCaughtUp(backends.replica(0), Duration.ofSeconds(30));
            assertThat(where(c, id)).as("a write opens the window: reads stay on the primary")
                    .isEqualTo("primary+row");
        }
        try (Connection c = client(schema("1h", multiplexing)); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            int id = write(c);
            s.execute("COMMIT");
            assertThat(where(c, id)).as("a transaction that wrote opens it too").isEqualTo("primary+row");
        }
    }

    /**
     * A user variable SET from an expression holds the value computed where the SET ran (the primary), not one
     * computed again on the replica connection that serves a later read: {@code @@server_id} tells them apart in
     * every mode, without any write.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ryw_causal_mux", "ryw_causal_pinned", "ryw_off_mux", "ryw_window_pinned"})
    void aUserVariableKeepsTheValueItWasSetTo(String schema) throws Exception {
        long primaryId = serverId(backends.primary(0));
        try (Connection c = client(schema); Statement s = c.createStatement()) {
            assertThat(where(c, -1)).as("reads go to the replica before").isEqualTo("replica");
            s.execute("SET @origin = @@server_id");
            try (ResultSet rs = s.executeQuery("SELECT @origin")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the value the SET computed").isEqualTo(primaryId);
            }
            s.execute("SELECT @n := COUNT(*) FROM t");
            try (ResultSet rs = s.executeQuery("SELECT @n + 0, @@server_id")) {
                rs.next();
                assertThat(rs.getLong(2)).as("a variable computed in a statement is read where it was computed")
                        .isEqualTo(primaryId);
            }
        }
    }

    /**
     * The stale read a full run once saw (PassThroughSessionIT, server-prepared): an UPDATE, then a user variable
     * set from a subquery, then a read of it, many times while replication runs: the variable must always hold
     * the updated value.
     */
    @ParameterizedTest(name = "multiplexing {0}")
    @ValueSource(booleans = {true, false})
    void aVariableSetFromASubqueryAfterAServerPreparedUpdateSeesTheUpdate(boolean multiplexing) throws Exception {
        int id = IDS.getAndIncrement();
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/"
                + schema("causal", multiplexing) + "?useServerPrepStmts=true&cachePrepStmts=true",
                ProxyFixture.USER, ProxyFixture.PASSWORD)) {
            write(c, id);
            for (int i = 0; i < 150; i++) {
                try (var update = c.prepareStatement("UPDATE t SET v = ? WHERE id = ?")) {
                    update.setString(1, "v" + i);
                    update.setInt(2, id);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET @seen = (SELECT v FROM t WHERE id = " + id + ")");
                    try (ResultSet rs = s.executeQuery("SELECT @seen")) {
                        rs.next();
                        assertThat(rs.getString(1)).as("round %d", i).isEqualTo("v" + i);
                    }
                }
                try (var read = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                    read.setInt(1, id);
                    try (ResultSet rs = read.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as("a prepared read, round %d", i).isEqualTo("v" + i);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Connection client(String schema) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + schema,
                ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    private static int write(Connection c) throws SQLException {
        return write(c, IDS.getAndIncrement());
    }

    private static int write(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (" + id + ", 'written')");
        }
        return id;
    }

    /** "replica" or "primary" (by the marker row), "+row" when row {@code id} was seen. */
    private static String where(Connection c, int id) throws SQLException {
        boolean marker = false;
        boolean row = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id FROM t WHERE id = 0 OR id = " + id)) {
            while (rs.next()) {
                marker |= rs.getInt(1) == 0;
                row |= rs.getInt(1) == id;
            }
        }
        return (marker ? "replica" : "primary") + (row ? "+row" : "");
    }

    private static long serverId(BackendEndpoint server) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "root", server.rootPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long gtidWaits() throws SQLException {
        try (Connection c = DriverManager.getConnection(backends.replica(0).jdbcUrl(), "root",
                backends.replica(0).rootPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Master_gtid_wait_count'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static void root(BackendEndpoint server, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "root", server.rootPassword());
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
