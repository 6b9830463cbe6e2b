package io.shardgate.ittests.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A primary killed -9 under a node with a replica: writes fail with a clear error (1105 naming the primary), in a
 * session that was already open and in a new one, while reads keep being served by the replica, in every
 * read-your-writes mode; once the primary is back, writes work again. A marker row written on the replica only
 * tells where a read ran.
 */
class DeadPrimaryIT {

    private static BackendCluster cluster;
    private static ShardgateServer proxy;

    @BeforeAll
    static void start() {
        cluster = LocalBackendProvider.builder(Topology.of(1, 1)).start();
        BackendServer primary = cluster.primary(0);
        StringBuilder schemas = new StringBuilder("schemas:\n");
        for (String mode : new String[] {"causal", "off", "5s"}) {
            String schema = schema(mode);
            cluster.query(primary, "CREATE DATABASE " + schema);
            cluster.query(primary, "CREATE TABLE " + schema + ".t (id INT PRIMARY KEY, v VARCHAR(10))");
            schemas.append("  - {name: ").append(schema).append(", default-node: ds0, read-your-writes: ")
                    .append(mode).append("}\n");
        }
        BackendServer replica = cluster.replica(0);
        cluster.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));
        for (String mode : new String[] {"causal", "off", "5s"}) { // one client per query: both in one
            cluster.query(replica, "SET SESSION sql_log_bin = 0; INSERT INTO " + schema(mode) + ".t VALUES (0, 'replica')");
        }
        String yaml = "proxy:\n  users: [{user: " + ProxyFixture.USER + ", password: "
                + ProxyFixture.PASSWORD + "}]\n"
                + "nodes:\n  - name: ds0\n    primary: " + primary.host() + ":" + primary.port() + "\n"
                + "    replicas: [" + replica.host() + ":" + replica.port() + "]\n"
                + "    user: " + primary.user() + "\n    password: \"" + primary.password() + "\"\n"
                + "    pool: {acquire-timeout: 2s}\n" + schemas;
        proxy = ShardgateServer.start(ConfigLoader.parse(yaml, "dead-primary.yaml"), new HostPort("127.0.0.1", 0));
    }

    private static String schema(String mode) {
        return "dead_" + (mode.equals("5s") ? "window" : mode);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "read-your-writes {0}")
    @ValueSource(strings = {"causal", "off", "5s"})
    void writesFailClearlyAndReadsGoOnOnTheReplica(String mode) throws Exception {
        BackendServer primary = cluster.primary(0);
        try (Connection before = connect(schema(mode)); Statement s = before.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1, 'w') ON DUPLICATE KEY UPDATE v = 'w'");
            cluster.awaitReplicaCaughtUp(cluster.replica(0), Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!read(s).equals("replica")) { // the 5 s window after the write
                assertThat(System.nanoTime()).as("reads back on the replica after the write").isLessThan(deadline);
                Thread.sleep(200);
            }

            cluster.kill(primary);
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> s.executeUpdate("UPDATE t SET v = 'x' WHERE id = 1"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1105);
                            assertThat(e.getMessage()).contains("backend").contains(Integer.toString(primary.port()))
                                    .doesNotContain("Exception");
                        });
                // acquire-timeout is 2s; a generous bound that still tells "failed" from "hung"
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
                assertThat(read(s)).as("the session whose write failed reads on").isEqualTo("replica");
                try (Connection fresh = connect(schema(mode)); Statement f = fresh.createStatement()) {
                    assertThat(read(f)).as("a new session reads").isEqualTo("replica");
                    assertThatThrownBy(() -> f.executeUpdate("UPDATE t SET v = 'y' WHERE id = 1"))
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1105));
                }
            } finally {
                cluster.start(primary);
            }
            assertThat(s.executeUpdate("UPDATE t SET v = 'back' WHERE id = 1")).as("writes work again").isEqualTo(1);
        }
    }

    /** "replica" when the read saw the replica's marker row, else "primary". */
    private static String read(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t WHERE id = 0")) {
            rs.next();
            return rs.getInt(1) == 1 ? "replica" : "primary";
        }
    }

    private static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.address().getPort() + "/" + schema
                + "?socketTimeout=60000&connectTimeout=10000", ProxyFixture.USER, ProxyFixture.PASSWORD);
    }
}
