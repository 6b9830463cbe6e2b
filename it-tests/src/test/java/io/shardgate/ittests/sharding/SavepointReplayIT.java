package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Savepoints span every node of a transaction: a backend connection that joins after savepoints were set gets
 * them replayed, in order, before its first statement, and ROLLBACK TO / RELEASE reach every joined connection.
 * Driven as ORMs nest transactions, with Connector/J's {@code setSavepoint} / {@code rollback(savepoint)} and
 * with plain SQL (what {@code mysqldump --single-transaction} sends); the rows are checked on each backend.
 * {@code items} has one shard per node: owner 2 on ds0, owner 1 on ds1; {@code notes} lives on ds0.
 */
@ExtendWith(SharedBackends.class)
class SavepointReplayIT {

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, "savepoint_replay_it", """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - {name: items, shard-key: owner, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
                """);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, owner INT NOT NULL)");
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM items");
            s.execute("DELETE FROM notes");
        }
    }

    /** The case: a savepoint set before another node joined can be rolled back to. */
    @Test
    void rollbackToASavepointSetBeforeAnotherNodeJoined() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("START TRANSACTION");
            s.execute("SAVEPOINT sp");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items WHERE owner = 1")) { // ds1 joins here
                assertThat(rs.next()).isTrue();
            }
            s.execute("INSERT INTO items (id, owner) VALUES (1, 1)");
            s.execute("ROLLBACK TO SAVEPOINT sp");
            s.execute("INSERT INTO items (id, owner) VALUES (2, 1), (3, 2)");
            s.execute("COMMIT");
        }
        assertThat(ids(0)).containsExactly(3);
        assertThat(ids(1)).containsExactly(2);
    }

    /** Savepoints replay in the order they were set: ROLLBACK TO the later one must keep the earlier. */
    @Test
    void nestedSavepointsInPlainSqlKeepTheirOrderOnEveryNode() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO notes VALUES (1)");
            s.execute("SAVEPOINT a");
            s.execute("INSERT INTO items (id, owner) VALUES (10, 2)"); // ds0, joined before a
            s.execute("SAVEPOINT b");
            s.execute("INSERT INTO items (id, owner) VALUES (11, 1)"); // ds1 joins: replays a, then b
            s.execute("ROLLBACK TO SAVEPOINT b");
            s.execute("INSERT INTO items (id, owner) VALUES (12, 1)");
            s.execute("SAVEPOINT c");
            s.execute("INSERT INTO items (id, owner) VALUES (13, 2), (14, 1)");
            s.execute("RELEASE SAVEPOINT c");
            assertThatThrownBy(() -> s.execute("ROLLBACK TO SAVEPOINT c"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1305));
            s.execute("ROLLBACK TO SAVEPOINT a"); // a exists on ds1 too, so this undoes ds1's share
            s.execute("INSERT INTO items (id, owner) VALUES (15, 1)");
            s.execute("COMMIT");
        }
        assertThat(ids(0)).isEmpty();
        assertThat(ids(1)).containsExactly(15);
        assertThat(notes()).containsExactly(1);
    }

    /** An ORM's nested transactions: Connector/J savepoints under autocommit off, no BEGIN sent. */
    @Test
    void connectorJSavepointsUnderAutocommitOff() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO items (id, owner) VALUES (20, 2)"); // ds0
            Savepoint outer = c.setSavepoint("outer");
            s.executeUpdate("INSERT INTO items (id, owner) VALUES (21, 1)"); // ds1 joins after outer
            Savepoint inner = c.setSavepoint(); // unnamed: Connector/J names it
            s.executeUpdate("INSERT INTO items (id, owner) VALUES (22, 1), (23, 2)");
            s.executeUpdate("INSERT INTO notes VALUES (22)");
            c.rollback(inner);
            s.executeUpdate("INSERT INTO items (id, owner) VALUES (24, 1)");
            c.releaseSavepoint(inner);
            Savepoint last = c.setSavepoint("last");
            s.executeUpdate("INSERT INTO items (id, owner) VALUES (25, 2)");
            c.rollback(last);
            c.commit();
            assertThat(ids(0)).containsExactly(20);
            assertThat(ids(1)).containsExactly(21, 24);

            s.executeUpdate("INSERT INTO items (id, owner) VALUES (30, 1)");
            Savepoint again = c.setSavepoint("outer");
            s.executeUpdate("INSERT INTO items (id, owner) VALUES (31, 2), (32, 1)");
            c.rollback(again);
            c.rollback(outer); // outer was set again in this transaction: back to there
            c.commit();
            c.setAutoCommit(true);
        }
        assertThat(ids(0)).containsExactly(20);
        assertThat(ids(1)).containsExactly(21, 24, 30);
        assertThat(notes()).isEmpty();
    }

    /** The ids of {@code items} on node {@code node}'s primary, read directly. */
    private static List<Integer> ids(int node) throws SQLException {
        return column(node, "SELECT id FROM items_000" + node + " ORDER BY id");
    }

    private static List<Integer> notes() throws SQLException {
        return column(0, "SELECT id FROM notes ORDER BY id");
    }

    private static List<Integer> column(int node, String sql) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = proxy.direct(node, ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
