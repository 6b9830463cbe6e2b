package io.shardgate.ittests.transactions;

import static io.shardgate.ittests.transactions.XaCommitIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.harness.BackendServer;
import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two-phase commits cut short at their worst moments: the proxy gone after PREPARE and before the decision, the proxy
 * gone after the decision and before XA COMMIT, a backend killed -9 during XA COMMIT, a backend killed during
 * PREPARE. Each ends all-or-nothing on every node once recovery ran, read on the backends themselves, with no
 * prepared branch left. A transaction is held at a chosen step by locking the decision table on the anchor node
 * (ds0) from a direct connection ({@code LOCK TABLES ... WRITE}): the branch on ds1 is then prepared and the
 * decision waits.
 */
class XaRecoveryIT {

    /** Recovery runs only when a test asks (and once at start); undecided branches may be rolled back at once. */
    private static final String RECOVERY = "  xa-recovery-interval: 1h\n  xa-recovery-grace: 0s\n";

    private static XaCluster nodes;
    private ShardgateServer proxy;

    @BeforeAll
    static void start() {
        nodes = new XaCluster();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @BeforeEach
    void fresh() throws SQLException {
        proxy = nodes.proxy("xa", RECOVERY);
        nodes.reset(proxy);
        proxy.xaRecovery().runPass(); // the decision table exists before the test starts
    }

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held by keeping its connection open, not by using it
    void aProxyLostBeforeTheDecisionEndsWithNothingCommitted() throws Exception {
        CompletableFuture<Object> commit;
        Connection lock = lockDecisions();
        try {
            commit = twoNodeCommit(proxy);
            await(() -> !nodes.preparedBranches(1).isEmpty(), "the branch on ds1 is prepared");
            proxy.close(); // the proxy goes away while its decision waits for the lock
            proxy = null;
        } finally {
            lock.close(); // UNLOCK: the dead proxy's decision INSERT runs, and rolls back with its connection
        }
        assertThat(commit.get(60, TimeUnit.SECONDS)).as("the client's COMMIT").isInstanceOf(SQLException.class);
        assertThat(nodes.preparedBranches(1)).as("a prepared branch survives its proxy").hasSize(1);

        proxy = nodes.proxy("xa", RECOVERY);
        recoverUntilSettled();
        assertThat(nodes.accountIds(0)).isEmpty();
        assertThat(nodes.accountIds(1)).isEmpty();
        assertThat(nodes.preparedBranches(0)).isEmpty();
        assertThat(nodes.decisions(0)).anyMatch(d -> d.endsWith("|abort"));
        assertThat(proxy.metrics().scrape()).containsPattern("shardgate_xa_recovered_total\\{outcome=\"rollback\",?\\} 1");
    }

    @Test
    void aProxyLostAfterTheDecisionEndsWithEverythingCommitted() throws Exception {
        BackendServer ds1 = nodes.node(1);
        CompletableFuture<Object> commit;
        try (Connection lock = lockDecisions()) {
            commit = twoNodeCommit(proxy);
            await(() -> !nodes.preparedBranches(1).isEmpty(), "the branch on ds1 is prepared");
            nodes.cluster.pause(ds1); // its XA COMMIT will hang
            try (Statement s = lock.createStatement()) {
                s.execute("UNLOCK TABLES"); // the decision goes in and the anchor commits
            }
            await(() -> nodes.decisions(0).stream().anyMatch(d -> d.endsWith("|commit")), "the decision committed");
            proxy.close();
            proxy = null;
            // ds1 would read the XA COMMIT still in its socket when resumed: it crashes instead, the command lost
            nodes.cluster.kill(ds1);
        }
        commit.get(60, TimeUnit.SECONDS);
        nodes.cluster.start(ds1);
        assertThat(nodes.accountIds(0)).containsExactly("2");
        assertThat(nodes.accountIds(1)).isEmpty();
        assertThat(nodes.preparedBranches(1)).as("ds1's branch waits, prepared").hasSize(1);

        proxy = nodes.proxy("xa", RECOVERY);
        recoverUntilSettled();
        assertThat(nodes.accountIds(0)).containsExactly("2");
        assertThat(nodes.accountIds(1)).containsExactly("3");
        assertThat(proxy.metrics().scrape()).containsPattern("shardgate_xa_recovered_total\\{outcome=\"commit\",?\\} 1");
    }

    @Test
    void aBackendKilledDuringCommitGetsItsBranchCommittedWhenItReturns() throws Exception {
        BackendServer ds1 = nodes.node(1);
        CompletableFuture<Object> commit;
        try (Connection lock = lockDecisions()) {
            commit = twoNodeCommit(proxy);
            await(() -> !nodes.preparedBranches(1).isEmpty(), "the branch on ds1 is prepared");
            nodes.cluster.pause(ds1);
            try (Statement s = lock.createStatement()) {
                s.execute("UNLOCK TABLES");
            }
            await(() -> nodes.decisions(0).stream().anyMatch(d -> d.endsWith("|commit")), "the decision committed");
            nodes.cluster.kill(ds1); // kill -9 while the proxy's XA COMMIT waits on it
        }
        assertThat(commit.get(60, TimeUnit.SECONDS)).as("the transaction is decided: the client hears OK").isNull();
        nodes.cluster.start(ds1);
        assertThat(nodes.preparedBranches(1)).as("a prepared branch survives kill -9 and restart").hasSize(1);
        assertThat(nodes.accountIds(1)).isEmpty();

        proxy.xaRecovery().runPass();
        assertThat(nodes.accountIds(0)).containsExactly("2");
        assertThat(nodes.accountIds(1)).containsExactly("3");
        assertThat(nodes.preparedBranches(1)).isEmpty();
    }

    @Test
    void aBackendKilledDuringPrepareRollsBackEveryNode() throws Exception {
        BackendServer ds1 = nodes.node(1);
        Connection c = XaCluster.connect(proxy);
        Statement s = c.createStatement();
        c.setAutoCommit(false);
        s.execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'ann', 10)");
        s.execute("INSERT INTO accounts (id, owner, balance) VALUES (3, 'bob', 20)");
        nodes.cluster.pause(ds1);
        CompletableFuture<Object> commit = commitAsync(c);
        Thread.sleep(500); // the COMMIT's XA END / PREPARE are on their way to the stopped server
        nodes.cluster.kill(ds1);
        assertThat(commit.get(60, TimeUnit.SECONDS)).as("the client's COMMIT fails").isInstanceOf(SQLException.class);
        nodes.cluster.start(ds1);
        proxy.xaRecovery().runPass();
        assertThat(nodes.accountIds(0)).as("the anchor rolled back").isEmpty();
        assertThat(nodes.accountIds(1)).isEmpty();
        assertThat(nodes.preparedBranches(0)).isEmpty();
        assertThat(nodes.preparedBranches(1)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** A direct connection to ds0 holding a write lock on the decision table: two-phase commits wait for it. */
    private static Connection lockDecisions() throws SQLException {
        BackendServer ds0 = nodes.node(0);
        Connection c = DriverManager.getConnection(ds0.jdbcUrl(), ds0.rootUser().user(), ds0.rootUser().password());
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLES shardgate.xa_decisions WRITE");
        }
        return c;
    }

    /** Writes id 2 on ds0 (the anchor) and id 3 on ds1, then COMMITs on another thread: null or the failure. */
    private static CompletableFuture<Object> twoNodeCommit(ShardgateServer through) throws SQLException {
        Connection c = XaCluster.connect(through);
        Statement s = c.createStatement();
        c.setAutoCommit(false);
        s.execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'ann', 10)");
        s.execute("INSERT INTO accounts (id, owner, balance) VALUES (3, 'bob', 20)");
        return commitAsync(c);
    }

    /** Recovery passes until ds1 has no prepared branch (a pass may find the decision row still locked). */
    private void recoverUntilSettled() {
        await(() -> {
            proxy.xaRecovery().runPass();
            return nodes.preparedBranches(1).isEmpty();
        }, "recovery settled ds1's branch");
    }

    private static CompletableFuture<Object> commitAsync(Connection c) {
        return CompletableFuture.supplyAsync(() -> {
            try (c) {
                c.commit();
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
    }
}
