package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Read/write splitting against a real primary and its GTID replica. Where a read went is told by a marker row
 * written on the replica only: a read that sees it was served by the replica.
 */
@ExtendWith(SharedBackends.class)
class ReplicaReadsIT {

    private static final String SCHEMA = "replica_reads";
    private static final String MARKER = "SELECT COUNT(*) FROM t WHERE id = 999";

    private static Backends backends;
    private static ShardgateServer server;

    @BeforeAll
    static void start(Backends b) throws SQLException {
        backends = b;
        BackendEndpoint primary = b.primary(0);
        BackendEndpoint replica = b.replica(0);
        root(primary, "DROP DATABASE IF EXISTS " + SCHEMA, "CREATE DATABASE " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".t (id INT PRIMARY KEY, v VARCHAR(20))");
        b.awaitReplicaCaughtUp(replica, Duration.ofSeconds(30));
        root(replica, "INSERT INTO " + SCHEMA + ".t VALUES (999, 'replica only')");
        String yaml = "proxy:\n  users: [{user: app, password: app}]\n"
                + "nodes:\n  - name: ds0\n    primary: " + primary.address() + "\n    replicas: [" + replica.address()
                + "]\n    user: " + primary.user() + "\n    password: \"" + primary.password() + "\"\n"
                + "    max-replica-lag: 2s\n"
                // a window, so that where a read after a write runs does not depend on how fast the replica applies it
                // (ReadYourWritesIT covers the other modes)
                + "schemas:\n  - {name: " + SCHEMA + ", default-node: ds0, read-your-writes: 5s}\n";
        server = ShardgateServer.start(ConfigLoader.parse(yaml, "replica.yaml"), new HostPort("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        root(backends.replica(0), "START SLAVE");
        root(backends.primary(0), "DROP DATABASE IF EXISTS " + SCHEMA);
    }

    @Test
    void readsGoToTheReplicaWritesTransactionsAndReadYourWritesToThePrimary() throws Exception {
        try (Connection c = proxy(); Statement s = c.createStatement()) {
            awaitCount(s, MARKER, 1, "a read served by the replica (its first lag check may take a second)");
            s.executeUpdate("INSERT INTO t VALUES (1, 'written')");
            assertThat(count(s, "SELECT COUNT(*) FROM t WHERE id = 1")).as("read-your-writes").isEqualTo(1);
            assertThat(count(s, MARKER)).as("right after a write, reads stay on the primary").isZero();
        }
        try (Connection c = proxy(); Statement s = c.createStatement()) {
            awaitCount(s, MARKER, 1, "a new session reading from the replica");
            c.setAutoCommit(false);
            assertThat(count(s, MARKER)).as("reads inside a transaction use the primary").isZero();
            c.commit();
        }
    }

    @Test
    void aReplicaWithReplicationStoppedIsNotReadFromUntilItRuns() throws Exception {
        try (Connection held = proxy(); Statement s = held.createStatement()) {
            awaitCount(s, MARKER, 1, "the session reading from the replica");
            root(backends.replica(0), "STOP SLAVE");
            try {
                // Seconds_Behind_Master is NULL now: the same session and new ones read from the primary
                awaitCount(s, MARKER, 0, "the held session moved to the primary");
                try (Connection fresh = proxy(); Statement f = fresh.createStatement()) {
                    assertThat(count(f, MARKER)).isZero();
                }
            } finally {
                root(backends.replica(0), "START SLAVE");
            }
            awaitCount(s, MARKER, 1, "reads back on the replica once replication runs");
        }
    }

    private static Connection proxy() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.address().getPort() + "/" + SCHEMA,
                "app", "app");
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitCount(Statement s, String sql, long expected, String what) throws Exception {
        long last = -1;
        for (int i = 0; i < 200; i++) {
            last = count(s, sql);
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within 10 s: " + what + " (" + sql + " answered " + last + ")");
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
