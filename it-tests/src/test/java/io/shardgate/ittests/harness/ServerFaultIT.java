package io.shardgate.ittests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.harness.HarnessProcesses;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;

/**
 * Killing, stopping and pausing single servers. These tests break servers, so they use a
 * cluster of their own (1 primary, 1 replica), never the shared one.
 */
class ServerFaultIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private static BackendCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalBackendProvider.builder(Topology.of(1, 1)).start();
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledPrimaryIsDeadUntilRestartedAndKeepsItsData() throws SQLException {
        BackendServer primary = cluster.primary(0);
        BackendServer replica = cluster.replica(0);
        execute(primary, "CREATE DATABASE IF NOT EXISTS fault_kill",
                "CREATE TABLE IF NOT EXISTS fault_kill.t (id INT PRIMARY KEY)", "REPLACE INTO fault_kill.t VALUES (1)");
        long pid = cluster.pid(primary);

        cluster.kill(primary);

        assertThat(cluster.isAlive(primary)).isFalse();
        assertThat(HarnessProcesses.alive()).noneMatch(process -> process.pid() == pid);
        assertThatThrownBy(() -> connect(primary).close()).isInstanceOf(SQLException.class);

        cluster.start(primary);

        assertThat(cluster.isAlive(primary)).isTrue();
        assertThat(cluster.pid(primary)).isNotEqualTo(pid);
        assertThat(queryOne(primary, "SELECT COUNT(*) FROM fault_kill.t WHERE id = 1")).isEqualTo("1");
        // the replica reconnects to the restarted primary by itself
        execute(primary, "REPLACE INTO fault_kill.t VALUES (2)");
        cluster.awaitReplicaCaughtUp(replica, CATCH_UP);
        assertThat(queryOne(replica, "SELECT COUNT(*) FROM fault_kill.t")).isEqualTo("2");
    }

    @Test
    void aKilledReplicaCatchesUpWithWhatItMissedAfterRestart() throws SQLException {
        BackendServer primary = cluster.primary(0);
        BackendServer replica = cluster.replica(0);
        execute(primary, "CREATE DATABASE IF NOT EXISTS fault_replica",
                "CREATE TABLE IF NOT EXISTS fault_replica.t (id INT PRIMARY KEY)");
        cluster.awaitReplicaCaughtUp(replica, CATCH_UP);

        cluster.kill(replica);
        execute(primary, "REPLACE INTO fault_replica.t VALUES (7)");
        cluster.start(replica);
        cluster.awaitReplicaCaughtUp(replica, CATCH_UP);

        assertThat(queryOne(replica, "SELECT COUNT(*) FROM fault_replica.t WHERE id = 7")).isEqualTo("1");
    }

    @Test
    void aCleanlyStoppedServerRestartsWithItsData() throws SQLException {
        BackendServer primary = cluster.primary(0);
        execute(primary, "CREATE DATABASE IF NOT EXISTS fault_stop",
                "CREATE TABLE IF NOT EXISTS fault_stop.t (id INT PRIMARY KEY)", "REPLACE INTO fault_stop.t VALUES (3)");

        cluster.stop(primary);

        assertThat(cluster.isAlive(primary)).isFalse();
        assertThatThrownBy(() -> connect(primary).close()).isInstanceOf(SQLException.class);

        cluster.start(primary);

        assertThat(queryOne(primary, "SELECT id FROM fault_stop.t")).isEqualTo("3");
    }

    @Test
    void aPausedServerHangsInsteadOfFailingAndAnswersAgainWhenResumed() throws SQLException {
        BackendServer primary = cluster.primary(0);

        cluster.pause(primary);
        try {
            assertThat(cluster.isAlive(primary)).isTrue();
            assertThat(cluster.isPaused(primary)).isTrue();
            // the kernel still accepts the TCP connection; the handshake never comes
            assertThatThrownBy(() -> connect(primary).close()).isInstanceOf(SQLException.class);
        } finally {
            cluster.resume(primary);
        }

        assertThat(cluster.isPaused(primary)).isFalse();
        assertThat(queryOne(primary, "SELECT 1")).isEqualTo("1");
    }

    /** Short timeouts, for connections expected to fail: a paused server would otherwise hang us. */
    private static Connection connect(BackendServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl() + "?connectTimeout=2000&socketTimeout=2000",
                server.user(), server.password());
    }

    /** Generous timeouts, for connections expected to work on a busy 2-core machine. */
    private static Connection connectPatiently(BackendServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl() + "?connectTimeout=30000&socketTimeout=60000",
                server.user(), server.password());
    }

    private static void execute(BackendServer server, String... statements) throws SQLException {
        try (Connection connection = connectPatiently(server); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryOne(BackendServer server, String sql) throws SQLException {
        try (Connection connection = connectPatiently(server); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from: %s", sql).isTrue();
            return rows.getString(1);
        }
    }
}
