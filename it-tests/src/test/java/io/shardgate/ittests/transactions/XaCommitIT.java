package io.shardgate.ittests.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.proxy.server.ShardgateServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions over two nodes in each transaction mode, and statements over several shards in autocommit, with
 * every outcome read on the backends themselves: which rows each node holds, the decision rows, and that no XA
 * branch is left prepared.
 */
class XaCommitIT {

    private static XaCluster nodes;
    private static ShardgateServer xa;
    private static ShardgateServer singleNode;
    private static ShardgateServer bestEffort;

    @BeforeAll
    static void start() {
        nodes = new XaCluster();
        xa = nodes.proxy("xa", "");
        singleNode = nodes.proxy("single-node", "");
        bestEffort = nodes.proxy("best-effort", "");
    }

    @AfterAll
    static void stop() {
        for (ShardgateServer p : new ShardgateServer[] {xa, singleNode, bestEffort}) {
            if (p != null) {
                p.close();
            }
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        nodes.reset(xa);
        awaitDecisionTable();
    }

    /** The recovery pass at start creates it; the first test may come sooner. */
    private static void awaitDecisionTable() {
        await(() -> {
            try {
                nodes.decisions(0);
                nodes.decisions(1);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }, "the decision table exists on both nodes");
    }

    @Test
    void aTransactionThatWroteOnTwoNodesCommitsOnBothWithItsDecisionOnTheFirst() throws SQLException {
        List<String> before = nodes.decisions(0);
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (2, 'ann', 10)"); // ds0 first: the anchor
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (3, 'bob', 20)"); // ds1: an XA branch
            s.execute("UPDATE accounts SET balance = balance - 5 WHERE id = 2");
            c.commit();
        }
        assertThat(nodes.accountIds(0)).containsExactly("2");
        assertThat(nodes.accountIds(1)).containsExactly("3");
        List<String> after = nodes.decisions(0);
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after).anyMatch(d -> d.endsWith("|commit") && !before.contains(d));
        assertThat(nodes.decisions(1)).as("the decision lives on the anchor only").isEmpty();
        assertNothingPrepared();
        assertThat(xa.metrics().scrape()).containsPattern("shardgate_transactions_total\\{mode=\"xa\",outcome=\"commit\",?\\} [1-9]");
    }

    @Test
    void aMissingDecisionTableIsCreatedAtCommit() throws SQLException {
        nodes.cluster.query(nodes.node(0), "DROP DATABASE shardgate"); // as on a node recovery has not reached yet
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (60, 'yan', 1), (61, 'zoe', 1)");
            c.commit();
        }
        assertThat(nodes.accountIds(0)).containsExactly("60");
        assertThat(nodes.accountIds(1)).containsExactly("61");
        assertThat(nodes.decisions(0)).singleElement().asString().endsWith("|commit");
        assertNothingPrepared();
    }

    @Test
    void aTransactionThatWroteOnOneNodeCommitsPlainlyWithoutADecision() throws SQLException {
        List<String> before = nodes.decisions(0);
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeQuery("SELECT * FROM accounts WHERE id = 5").close(); // a read on ds1 first
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (4, 'cy', 1)");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (6, 'di', 1)");
            c.commit();
        }
        assertThat(nodes.accountIds(0)).containsExactly("4", "6");
        assertThat(nodes.decisions(0)).isEqualTo(before);
        assertNothingPrepared();
    }

    @Test
    void rollbackUndoesEveryNode() throws SQLException {
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (8, 'ed', 1), (9, 'flo', 1)");
            s.execute("ROLLBACK");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (10, 'gus', 1)");
        }
        assertThat(nodes.accountIds(0)).containsExactly("10");
        assertThat(nodes.accountIds(1)).isEmpty();
        assertNothingPrepared();
    }

    @Test
    void savepointsWorkAcrossXaBranches() throws SQLException {
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (12, 'hal', 1)");
            s.execute("SAVEPOINT before_odd");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (13, 'ida', 1)");
            s.execute("ROLLBACK TO SAVEPOINT before_odd");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (15, 'jo', 1)");
            c.commit();
        }
        assertThat(nodes.accountIds(0)).containsExactly("12");
        assertThat(nodes.accountIds(1)).containsExactly("15");
        assertNothingPrepared();
    }

    @Test
    void aClientThatVanishesMidTransactionLeavesNothingOnAnyNode() throws Exception {
        Connection c = XaCluster.connect(xa);
        Statement s = c.createStatement();
        c.setAutoCommit(false);
        s.execute("INSERT INTO accounts (id, owner, balance) VALUES (20, 'kim', 1)");
        s.execute("INSERT INTO accounts (id, owner, balance) VALUES (21, 'lu', 1)");
        c.abort(Executors.newSingleThreadExecutor()); // the socket closes: no ROLLBACK is sent
        await(() -> nodes.accountIds(0).isEmpty() && nodes.accountIds(1).isEmpty(), "nothing of the transaction");
        assertNothingPrepared();
    }

    @Test
    void autocommitOnAndDdlCommitTheWholeTransactionFirst() throws SQLException {
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            s.execute("SET autocommit = 0");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (50, 'tom', 1), (51, 'uma', 1)");
            s.execute("SET autocommit = 1"); // commits, as on MySQL: both nodes
            assertThat(nodes.accountIds(0)).containsExactly("50");
            assertThat(nodes.accountIds(1)).containsExactly("51");
            s.execute("BEGIN");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (52, 'vic', 1), (53, 'wes', 1)");
            s.execute("CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY)"); // an implicit commit
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (54, 'xia', 1)");
            s.execute("ROLLBACK"); // nothing to undo, as on MySQL: the DDL ended the transaction, 54 ran in autocommit
            s.execute("DROP TABLE notes");
            s.execute("SET autocommit = 0"); // as Flyway runs its DDL: on both nodes, no XA branch may hold them
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (55, 'yo', 1)");
            s.execute("ALTER TABLE accounts ADD COLUMN note VARCHAR(10) NULL");
            s.execute("ALTER TABLE accounts DROP COLUMN note");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (56, 'zed', 1), (57, 'al', 1)");
            s.execute("COMMIT");
        }
        assertThat(nodes.accountIds(0)).containsExactly("50", "52", "54", "56");
        assertThat(nodes.accountIds(1)).containsExactly("51", "53", "55", "57");
        assertNothingPrepared();
    }

    @Test
    void aSessionResetMidTransactionRollsItBackOnEveryNode() throws SQLException {
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (70, 'ab', 1), (71, 'cd', 1)");
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).resetServerState(); // COM_CHANGE_USER or RESET_CONNECTION
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (72, 'ef', 1), (73, 'gh', 1)");
        }
        assertThat(nodes.accountIds(0)).containsExactly("72");
        assertThat(nodes.accountIds(1)).containsExactly("73");
        assertNothingPrepared();
    }

    @Test
    void singleNodeRefusesAWriteOnASecondNodeAndTheTransactionGoesOn() throws SQLException {
        try (Connection c = XaCluster.connect(singleNode); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (30, 'mo', 1)");
            s.executeQuery("SELECT * FROM accounts WHERE id = 31").close(); // reading another node is fine
            assertThatThrownBy(() -> s.execute("INSERT INTO accounts (id, owner, balance) VALUES (31, 'ned', 1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1105);
                        assertThat(e.getMessage()).contains("single-node").contains("ds0").contains("ds1");
                    });
            assertThatThrownBy(() -> s.execute("INSERT INTO accounts (id, owner, balance) VALUES (32, 'ola', 1), (33, 'pia', 1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1105));
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (34, 'quin', 1)");
            c.commit();
        }
        assertThat(nodes.accountIds(0)).containsExactly("30", "34");
        assertThat(nodes.accountIds(1)).isEmpty();
        assertNothingPrepared();
    }

    @Test
    void bestEffortCommitsNodeByNodeWithoutXa() throws SQLException {
        List<String> before = nodes.decisions(0);
        try (Connection c = XaCluster.connect(bestEffort); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (40, 'ray', 1), (41, 'sue', 1)");
            c.commit();
        }
        assertThat(nodes.accountIds(0)).containsExactly("40");
        assertThat(nodes.accountIds(1)).containsExactly("41");
        assertThat(nodes.decisions(0)).isEqualTo(before);
        assertThat(bestEffort.metrics().scrape())
                .containsPattern("shardgate_transactions_total\\{mode=\"best-effort\",outcome=\"commit\",?\\} [1-9]");
    }

    // ---------------------------------------------------------------- one statement is atomic

    @Test
    void aMultiRowInsertWhosePartOnAnotherNodeFailsLeavesNoRow() throws SQLException {
        nodes.cluster.query(nodes.node(1), "INSERT INTO bank." + oddTable() + " VALUES (111, 'there', 1)");
        for (ShardgateServer proxy : new ShardgateServer[] {xa, bestEffort}) {
            try (Connection c = XaCluster.connect(proxy); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO accounts (id, owner, balance) VALUES (112, 'new', 2), (111, 'dup', 1)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            }
            assertThat(nodes.accountIds(0)).as("row 112 of the failed statement, " + proxy).isEmpty();
            assertThat(nodes.accountIds(1)).containsExactly("111");
        }
        assertNothingPrepared();
    }

    @Test
    void aMultiRowInsertWhoseSecondShardOnTheSameNodeFailsLeavesNoRow() throws SQLException {
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (114, 'one', 1)");
            // both rows on ds0 in one route: the server undoes its own statement; with (115) it spans both nodes
            assertThatThrownBy(() -> s.execute("INSERT INTO accounts (id, owner, balance) VALUES (115, 'odd', 1), (116, 'b', 1), (114, 'dup', 1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(nodes.accountIds(0)).containsExactly("114");
            assertThat(nodes.accountIds(1)).isEmpty();
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (117, 'ok', 1), (118, 'ok', 1)");
        }
        assertThat(nodes.accountIds(0)).containsExactly("114", "118");
        assertThat(nodes.accountIds(1)).containsExactly("117");
        assertNothingPrepared();
    }

    @Test
    void anUpdateOverEveryShardIsAllOrNothing() throws SQLException {
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            s.execute("INSERT INTO accounts (id, owner, balance) VALUES (120, 'a', 1), (121, 'b', 1)");
            // id 121 + 1 = 122 exists on ds0? No: ids change within their own shard only if the key is not updated;
            // make ds1's part fail with a duplicate on a unique owner instead
        }
        nodes.cluster.query(nodes.node(1), "ALTER TABLE bank." + oddTable() + " ADD UNIQUE KEY owner_u (owner)");
        try {
            nodes.cluster.query(nodes.node(1), "INSERT INTO bank." + oddTable() + " VALUES (123, 'taken', 1)");
            try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("UPDATE accounts SET owner = 'taken', balance = 9"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            }
            assertThat(nodes.cluster.query(nodes.node(0), "SELECT owner, balance FROM bank." + evenTable()))
                    .containsExactly(List.of("a", "1"));
        } finally {
            nodes.cluster.query(nodes.node(1), "ALTER TABLE bank." + oddTable() + " DROP KEY owner_u");
        }
        assertNothingPrepared();
    }

    @Test
    void aBroadcastWriteThatFailsOnOneCopyChangesNoCopy() throws SQLException {
        nodes.cluster.query(nodes.node(1), "INSERT INTO bank.fees VALUES ('wire', 5)");
        try (Connection c = XaCluster.connect(xa); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO fees (name, cents) VALUES ('wire', 7)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1062));
            s.execute("INSERT INTO fees (name, cents) VALUES ('card', 3)");
        }
        assertThat(nodes.fees(0)).containsExactly("card");
        assertThat(nodes.fees(1)).containsExactly("card", "wire");
        assertNothingPrepared();
    }

    // ---------------------------------------------------------------- helpers

    private static String evenTable() {
        return physical(0);
    }

    private static String oddTable() {
        return physical(1);
    }

    private static String physical(int node) {
        return nodes.cluster.query(nodes.node(node), "SELECT table_name FROM information_schema.tables WHERE "
                + "table_schema = 'bank' AND table_name LIKE 'accounts%'").getFirst().getFirst();
    }

    private static void assertNothingPrepared() {
        assertThat(nodes.preparedBranches(0)).isEmpty();
        assertThat(nodes.preparedBranches(1)).isEmpty();
    }

    static void await(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
