package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.HostPort;
import io.shardgate.harness.BackendCluster;
import io.shardgate.harness.BackendServer;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.LocalBackendProvider;
import io.shardgate.ittests.backends.Topology;
import io.shardgate.ittests.proxy.ProxyFixture;
import io.shardgate.proxy.server.ShardgateServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hung backend (SIGSTOP: the process answers nothing while its kernel still accepts TCP) is bounded by the
 * proxy's own clock: a SELECT gets 3024 at its max execution time, a write gets 2013 "outcome unknown" at
 * {@code proxy.write-timeout}, the hung node is not waited for, and after SIGCONT the same client session and
 * new ones work with nothing late from the resumed server mixed into their answers. A server that accepts TCP
 * but never speaks is bounded by {@code pool.connect-timeout}.
 *
 * <p>Runs a cluster of its own (two primaries: ds0, ds1), since it stops servers. Ids are placed by
 * {@code hash-mod} over two shards: odd ids on ds1, the node that hangs. The bounds asserted are generous (the
 * limits are 1 s and 2 s, plus a 1 s grace after KILL QUERY); a hang would show as minutes, and the driver's
 * socket timeout ends it as a failure rather than blocking the build.
 */
class HungBackendIT {

    private static final String SCHEMA = "hung_it";
    private static final String BLACK_HOLE_SCHEMA = "black_hole_it";
    /** Far above the limits (1 s, 2 s, + 1 s grace), far below a hang (the pause lasts until resumed). */
    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static final String OPTIONS = "socketTimeout=120000&connectTimeout=10000";

    private static Backends backends;
    private static BackendCluster cluster;
    private static BackendServer ds1;
    private static ServerSocket blackHole;
    private static ShardgateServer proxy;

    @BeforeAll
    static void start() throws Exception {
        backends = new LocalBackendProvider().start(Topology.of(2, 0));
        cluster = backends.localCluster().orElseThrow();
        ds1 = cluster.primary(1);
        // accepts TCP (the kernel does, into the backlog) and never says a word
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (BackendEndpoint p : backends.primaries()) {
            CompatProxy.rootSql(p, "CREATE DATABASE " + SCHEMA);
        }
        String yaml = ProxyFixture.yaml(backends, """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - name: t
                        shard-key: id
                        strategy: hash-mod
                        nodes: [ds0, ds1]
                        locations: [1, 1]
                  - name: %s
                    default-node: dsx
                """.formatted(SCHEMA, BLACK_HOLE_SCHEMA))
                .replace("proxy:\n", "proxy:\n  statement-timeout: 1s\n  write-timeout: 2s\n")
                .replaceAll("(    password: \"[^\"]*\"\n)", "$1    pool: {connect-timeout: 1s}\n")
                .replace("schemas:\n", "  - name: dsx\n    primary: 127.0.0.1:" + blackHole.getLocalPort()
                        + "\n    user: nobody\n    password: \"\"\n    pool: {connect-timeout: 1s}\nschemas:\n");
        proxy = ShardgateServer.start(ConfigLoader.parse(yaml, "hung.yaml"), new HostPort("127.0.0.1", 0));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(20) NOT NULL)");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (blackHole != null) {
            blackHole.close();
        }
        if (backends != null) {
            backends.close();
        }
    }

    @BeforeEach
    void rows() throws SQLException {
        if (cluster.isPaused(ds1)) {
            cluster.resume(ds1);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM t");
            s.execute("INSERT INTO t (id, v) VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')");
        }
    }

    private static Connection connect() throws SQLException {
        return connect(SCHEMA, "");
    }

    private static Connection connect(String schema, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.address().getPort() + "/" + schema + "?"
                + OPTIONS + options, ProxyFixture.USER, ProxyFixture.PASSWORD);
    }

    /** What one statement threw, and how long it took to answer. */
    private record Outcome(SQLException error, Duration took) {
    }

    @FunctionalInterface
    private interface Sql {
        void run() throws SQLException;
    }

    private static Outcome failing(Sql sql) {
        long started = System.nanoTime();
        try {
            sql.run();
        } catch (SQLException e) {
            return new Outcome(e, Duration.ofNanos(System.nanoTime() - started));
        }
        throw new AssertionError("the statement succeeded while its backend was stopped");
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            String value = rs.getString(1);
            assertThat(rs.next()).as(sql + ": one row").isFalse();
            return value;
        }
    }

    /** The answer came at the deadline, while the backend was still stopped: it was not waited for. */
    private static void answeredWhileStopped(Outcome outcome) {
        assertThat(outcome.took()).isLessThan(GENEROUS);
        assertThat(cluster.isPaused(ds1)).as("the backend is still stopped").isTrue();
    }

    private static void assertTimedOut(Outcome outcome) {
        answeredWhileStopped(outcome);
        assertThat(outcome.error().getErrorCode()).as(outcome.error().getMessage()).isEqualTo(3024);
        assertThat(outcome.error().getSQLState()).isEqualTo("HY000");
        assertThat(outcome.error().getMessage())
                .isEqualTo("Query execution was interrupted, maximum statement execution time exceeded");
    }

    /**
     * A statement that needs a new connection to the stopped server: the connection's login runs into
     * {@code pool.connect-timeout} (1 s) about when the statement's own limit (1 s) passes, so either answer
     * may come first; both are clear, and neither waits for the server.
     */
    private static void assertTimedOutOrUnreachable(Outcome outcome) {
        if (outcome.error().getErrorCode() == 3024) {
            assertTimedOut(outcome);
            return;
        }
        answeredWhileStopped(outcome);
        assertThat(outcome.error().getErrorCode()).as(outcome.error().getMessage()).isEqualTo(1105);
        assertThat(outcome.error().getMessage()).startsWith("shardgate: cannot connect to backend ds1 primary ")
                .endsWith("did not complete the handshake within 1000 ms (pool.connect-timeout)");
    }

    /** Exact answers on both shards, through the session that saw the hang: nothing late got in between. */
    private static void assertAnswersAreExact(Connection c) throws SQLException {
        assertThat(one(c, "SELECT v FROM t WHERE id = 1")).isEqualTo("one");
        assertThat(one(c, "SELECT v FROM t WHERE id = 2")).isEqualTo("two");
        assertThat(one(c, "SELECT v FROM t WHERE id = 3")).isEqualTo("three");
        assertThat(one(c, "SELECT COUNT(*) FROM t")).isEqualTo("4");
        assertThat(one(c, "SELECT 'marker-after-resume'")).isEqualTo("marker-after-resume");
        assertThat(one(c, "SELECT GROUP_CONCAT(id ORDER BY id) FROM t WHERE id IN (1, 3)")).isEqualTo("1,3");
    }

    private static void resumeAndCheck(Connection session) throws SQLException {
        cluster.resume(ds1);
        assertAnswersAreExact(session);
        assertAnswersAreExact(session); // twice: a late response would have shifted the second round
        try (Connection fresh = connect()) {
            assertAnswersAreExact(fresh);
        }
    }

    @Test
    void aSingleShardSelectOnAStoppedServerAnswers3024AtItsTimeout() throws SQLException {
        try (Connection c = connect()) {
            assertThat(one(c, "SELECT v FROM t WHERE id = 1")).isEqualTo("one"); // the session's ds1 connection
            cluster.pause(ds1);
            assertTimedOut(failing(() -> one(c, "SELECT v FROM t WHERE id = 3")));
            // still stopped: the next statement on that node needs a new connection, bounded as well
            assertTimedOutOrUnreachable(failing(() -> one(c, "SELECT v FROM t WHERE id = 1")));
            assertThat(one(c, "SELECT v FROM t WHERE id = 2")).as("the other node serves meanwhile").isEqualTo("two");
            resumeAndCheck(c);
        }
    }

    @Test
    void aCrossShardCountOnAStoppedServerAnswers3024AtItsTimeout() throws SQLException {
        try (Connection c = connect()) {
            assertThat(one(c, "SELECT COUNT(*) FROM t")).isEqualTo("4");
            cluster.pause(ds1);
            assertTimedOut(failing(() -> one(c, "SELECT COUNT(*) FROM t")));
            assertTimedOutOrUnreachable(failing(() -> one(c, "SELECT id, v FROM t ORDER BY id")));
            resumeAndCheck(c);
        }
    }

    @Test
    void preparedSelectsOnAStoppedServerAnswer3024AtTheirTimeout() throws SQLException {
        try (Connection c = connect(SCHEMA, "&useServerPrepStmts=true&cachePrepStmts=false");
             PreparedStatement routed = c.prepareStatement("SELECT v FROM t WHERE id = ?");
             PreparedStatement pinned = c.prepareStatement("SELECT v FROM t WHERE id = 3")) {
            routed.setLong(1, 1);
            try (ResultSet rs = routed.executeQuery()) { // prepared by the proxy, run on ds1 as text
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one");
            }
            try (ResultSet rs = pinned.executeQuery()) { // prepared on ds1 itself, forwarded natively
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("three");
            }
            cluster.pause(ds1);
            assertTimedOut(failing(() -> routed.executeQuery().close()));
            assertTimedOutOrUnreachable(failing(() -> pinned.executeQuery().close()));
            cluster.resume(ds1);
            try (ResultSet rs = pinned.executeQuery()) { // prepared again on the session's new connection
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("three");
            }
            routed.setLong(1, 3);
            try (ResultSet rs = routed.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("three");
            }
            resumeAndCheck(c);
        }
    }

    @Test
    void aWriteToAStoppedServerIsAbandonedAtTheWriteTimeoutWithAnUnknownOutcome() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(one(c, "SELECT v FROM t WHERE id = 1")).isEqualTo("one");
            cluster.pause(ds1);
            Outcome write = failing(() -> s.executeUpdate("INSERT INTO t (id, v) VALUES (5, 'unknown-outcome')"));
            answeredWhileStopped(write);
            assertThat(write.error().getErrorCode()).isEqualTo(2013);
            assertThat(write.error().getSQLState()).as("HY000: the client's own connection is fine").isEqualTo("HY000");
            assertThat(write.error().getMessage()).startsWith("Lost connection to backend " + ds1.host() + ":"
                            + ds1.port() + " during query: no answer within 2000 ms (proxy.write-timeout)")
                    .endsWith("whether the statement took effect is unknown");
            // a write to the node that answers goes through meanwhile
            assertThat(s.executeUpdate("INSERT INTO t (id, v) VALUES (6, 'six')")).isEqualTo(1);

            cluster.resume(ds1);
            awaitNothingRunning("unknown-outcome");
            // the proxy said "unknown", and unknown it is: the server may have run the INSERT it had received
            // before it stopped, or not; either way exactly one of the two states, never a duplicate
            long applied = directCount("SELECT COUNT(*) FROM t_0001 WHERE id = 5");
            System.out.println("HungBackendIT: the abandoned INSERT was " + (applied == 1 ? "" : "not ")
                    + "applied by the resumed server");
            assertThat(applied).isBetween(0L, 1L);
            assertThat(s.executeUpdate("REPLACE INTO t (id, v) VALUES (5, 'five')")).isPositive();
            assertThat(one(c, "SELECT v FROM t WHERE id = 5")).isEqualTo("five");
            assertThat(one(c, "SELECT v FROM t WHERE id = 6")).isEqualTo("six");
            s.executeUpdate("DELETE FROM t WHERE id IN (5, 6)");
            resumeAndCheck(c);
        }
    }

    @Test
    void aWriteOverBothNodesIsAbandonedOnTheStoppedOneOnly() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(one(c, "SELECT COUNT(*) FROM t")).isEqualTo("4"); // the session's connections to both
            cluster.pause(ds1);
            Outcome write = failing(() -> s.executeUpdate("UPDATE t SET v = 'both-nodes' WHERE id IN (2, 3)"));
            answeredWhileStopped(write);
            assertThat(write.error().getErrorCode()).isEqualTo(2013);
            // one statement over two nodes runs in a transaction of its own (transaction-mode xa): all or nothing
            assertThat(write.error().getMessage()).contains(ds1.host() + ":" + ds1.port())
                    .endsWith("the transaction was rolled back");
            assertThat(directCount("SELECT COUNT(*) FROM t_0000 WHERE id = 2 AND v = 'both-nodes'", 0))
                    .as("the node that answered rolled its part back").isEqualTo(0);
            cluster.resume(ds1);
            awaitNothingRunning("both-nodes");
            assertThat(directCount("SELECT COUNT(*) FROM t_0001 WHERE id = 3 AND v = 'both-nodes'")).isEqualTo(0);
            s.executeUpdate("UPDATE t SET v = 'two' WHERE id = 2");
            s.executeUpdate("UPDATE t SET v = 'three' WHERE id = 3");
            resumeAndCheck(c);
        }
    }

    @Test
    void ddlIsNotCutOffByTheWriteTimeout() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(one(c, "SELECT COUNT(*) FROM t")).isEqualTo("4"); // the session's connections to both
            cluster.pause(ds1);
            var ddl = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    s.execute("ALTER TABLE t ADD COLUMN ddl_waits INT NULL"); // every shard: both nodes
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Thread.sleep(4_000); // twice the write timeout plus the grace: a write would have been given up on
            assertThat(ddl).as("proxy.ddl-timeout is unset: DDL waits for the node").isNotDone();
            cluster.resume(ds1);
            ddl.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(directCount("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + SCHEMA
                    + "' AND TABLE_NAME = 't_0001' AND COLUMN_NAME = 'ddl_waits'")).isEqualTo(1);
            s.execute("ALTER TABLE t DROP COLUMN ddl_waits");
            resumeAndCheck(c);
        }
    }

    @Test
    void insideATransactionTheTransactionIsRolledBackOnEveryNodeAndTheClientIsTold() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t (id, v) VALUES (8, 'in-tx')"); // ds0
            assertThat(one(c, "SELECT v FROM t WHERE id = 1")).isEqualTo("one"); // ds1 joins the transaction
            cluster.pause(ds1);
            Outcome lost = failing(() -> one(c, "SELECT v FROM t WHERE id = 3"));
            answeredWhileStopped(lost);
            assertThat(lost.error().getErrorCode()).isEqualTo(2013);
            assertThat(lost.error().getMessage()).startsWith("Lost connection to backend " + ds1.host() + ":"
                    + ds1.port() + " inside a transaction").endsWith("the transaction was rolled back");
            // the client was told; what it does next runs after the rollback of ds0's part, not inside it
            c.rollback();
            assertThat(directCount("SELECT COUNT(*) FROM t_0000 WHERE id = 8", 0))
                    .as("ds0's part of the lost transaction was rolled back").isZero();
            c.setAutoCommit(true);
            assertThat(one(c, "SELECT COUNT(*) FROM t WHERE id = 8")).isEqualTo("0");
            resumeAndCheck(c);
        }
    }

    @Test
    void aServerThatAcceptsButNeverSpeaksIsBoundedByTheConnectTimeout() {
        long started = System.nanoTime();
        SQLException refused;
        try (Connection c = connect(BLACK_HOLE_SCHEMA, "")) {
            refused = failing(() -> one(c, "SELECT * FROM nothing_here")).error();
        } catch (SQLException e) {
            refused = e; // Connector/J's own queries at connect time may reach the node first
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GENEROUS);
        assertThat(refused.getErrorCode()).isEqualTo(1105);
        assertThat(refused.getMessage()).contains("cannot connect to backend dsx primary 127.0.0.1:"
                + blackHole.getLocalPort()).contains("did not complete the handshake within 1000 ms (pool.connect-timeout)");
    }

    private static long directCount(String sql) throws SQLException {
        return directCount(sql, 1);
    }

    private static long directCount(String sql, int primary) throws SQLException {
        BackendEndpoint p = backends.primary(primary);
        try (Connection c = DriverManager.getConnection(p.jdbcUrl(SCHEMA), "root", p.rootPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** After SIGCONT the server works off what it had received; wait until nothing with {@code marker} runs. */
    private static void awaitNothingRunning(String marker) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (directCount("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%" + marker
                    + "%' AND INFO NOT LIKE '%PROCESSLIST%'") == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("a statement with " + marker + " still runs on ds1");
    }
}
