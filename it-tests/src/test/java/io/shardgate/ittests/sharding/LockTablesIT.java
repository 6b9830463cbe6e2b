package io.shardgate.ittests.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LOCK TABLES over logical tables locks what one server would: every shard of a sharded table and every copy of
 * a broadcast table, on every node, with the lock type and alias as written. Each lock is seen on the backends
 * themselves: a direct connection that waits at most a second for a table (lock_wait_timeout) is refused with
 * 1205 while the lock is held, and served once UNLOCK TABLES (or a later lock, or BEGIN) let go of it. The
 * locking session's statements run on its locked connections, with a server's answers (1099, 1100).
 */
@ExtendWith(SharedBackends.class)
class LockTablesIT {

    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        // accounts: one shard per node (an alias may name it); wide: two per node
        proxy = ProxyFixture.start(backends, "lock_tables_it", """
                schemas:
                  - name: %s
                    default-node: ds0
                    tables:
                      - {name: accounts, shard-key: owner, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
                      - {name: wide, shard-key: owner, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                      - {name: countries, broadcast: true}
                """, false);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner INT NOT NULL, v INT NOT NULL)");
            s.execute("CREATE TABLE wide (id INT PRIMARY KEY, owner INT NOT NULL)");
            s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(20) NOT NULL)");
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
    void rows() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM accounts");
            s.execute("DELETE FROM wide");
            s.execute("DELETE FROM countries");
            s.execute("DELETE FROM notes");
            s.execute("INSERT INTO accounts (id, owner, v) VALUES (1, 1, 0), (2, 2, 0)");
            s.execute("INSERT INTO wide (id, owner) VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
            s.execute("INSERT INTO countries VALUES ('de', 'Germany')");
        }
    }

    @Test
    void locksEveryShardAndCopyOnEveryNodeUntilUnlock() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("LOCK TABLES accounts WRITE, wide READ, countries READ LOCAL");
            for (int node = 0; node < 2; node++) {
                String shard = "accounts_000" + node;
                blocked(node, "SELECT COUNT(*) FROM " + shard);
                blocked(node, "INSERT INTO countries VALUES ('fr', 'France')");
                blocked(node, "UPDATE wide_000" + (2 * node) + " SET owner = owner");
                blocked(node, "UPDATE wide_000" + (2 * node + 1) + " SET owner = owner");
                served(node, "SELECT COUNT(*) FROM wide_000" + (2 * node + 1)); // READ lets others read
            }
            // the session's statements run on its locked connections, with a server's answers
            assertThat(s.executeUpdate("UPDATE accounts SET v = v + 1")).isEqualTo(2);
            assertThat(count(s, "SELECT COUNT(*) FROM wide")).isEqualTo(4);
            assertThat(count(s, "SELECT COUNT(*) FROM countries")).isEqualTo(1);
            failsWith(() -> s.executeUpdate("UPDATE countries SET name = 'x'"), 1099);
            failsWith(() -> s.executeQuery("SELECT * FROM notes"), 1100);
            // another client waits for the lock as on one server
            try (Connection other = proxy.connect(""); Statement o = other.createStatement()) {
                o.execute("SET SESSION lock_wait_timeout = 1");
                failsWith(() -> o.executeQuery("SELECT * FROM accounts WHERE owner = 2"), 1205);
            }
            s.execute("UNLOCK TABLES");
            for (int node = 0; node < 2; node++) {
                served(node, "SELECT COUNT(*) FROM accounts_000" + node);
                served(node, "UPDATE wide_000" + (2 * node) + " SET owner = owner");
            }
            assertThat(count(s, "SELECT COUNT(*) FROM notes")).isZero();
        }
        assertThat(direct(1, "SELECT v FROM accounts_0001")).isEqualTo(1);
    }

    /** Server-side prepared statements under locks run on the locked connections too. */
    @Test
    void preparedStatementsRunOnTheLockedConnections() throws SQLException {
        try (Connection c = proxy.connect("useServerPrepStmts=true&cachePrepStmts=false");
             Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = 2"); // a statement on an unlocked connection would wait, then 1205
            s.execute("LOCK TABLES accounts WRITE, wide READ");
            try (var update = c.prepareStatement("UPDATE accounts SET v = ? WHERE owner = ?");
                 var read = c.prepareStatement("SELECT COUNT(*) FROM wide WHERE owner > ?")) {
                for (int owner = 1; owner <= 2; owner++) {
                    update.setInt(1, 10 + owner);
                    update.setInt(2, owner);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
                read.setInt(1, 1);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(3);
                }
            }
            blocked(1, "SELECT COUNT(*) FROM accounts_0001");
            s.execute("UNLOCK TABLES");
        }
        assertThat(direct(0, "SELECT v FROM accounts_0000")).isEqualTo(12);
        assertThat(direct(1, "SELECT v FROM accounts_0001")).isEqualTo(11);
    }

    @Test
    void anAliasLocksTheTableUnderThatName() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("LOCK TABLE accounts AS a READ, countries c WRITE");
            assertThat(count(s, "SELECT COUNT(*) FROM accounts a")).isEqualTo(2);
            assertThat(s.executeUpdate("UPDATE countries c SET c.name = 'Deutschland'")).isEqualTo(1);
            failsWith(() -> s.executeQuery("SELECT COUNT(*) FROM accounts"), 1100);
            blocked(1, "SELECT COUNT(*) FROM countries");
            // two shards of wide on one node cannot both carry one alias: refused, the locks held stay
            failsWith(() -> s.execute("LOCK TABLES wide AS w READ"), 1235);
            blocked(1, "SELECT COUNT(*) FROM countries");
            s.execute("UNLOCK TABLES");
        }
        assertThat(direct(0, "SELECT COUNT(*) FROM countries WHERE name = 'Deutschland'")).isEqualTo(1);
        assertThat(direct(1, "SELECT COUNT(*) FROM countries WHERE name = 'Deutschland'")).isEqualTo(1);
    }

    @Test
    void aNewLockLetsGoOfTheOldOnesAndBeginLetsGoOfAll() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("LOCK TABLES accounts WRITE");
            blocked(1, "SELECT COUNT(*) FROM accounts_0001");
            s.execute("LOCK TABLES notes WRITE"); // the default node only: ds1's lock ends too
            served(1, "SELECT COUNT(*) FROM accounts_0001");
            served(0, "SELECT COUNT(*) FROM accounts_0000");
            blocked(0, "SELECT COUNT(*) FROM notes");
            s.execute("BEGIN");
            served(0, "SELECT COUNT(*) FROM notes");
            s.execute("INSERT INTO notes VALUES (7)");
            s.execute("ROLLBACK");
        }
        assertThat(direct(0, "SELECT COUNT(*) FROM notes")).isZero();
    }

    @Test
    void lockingCommitsTheTransactionFirst() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE accounts SET v = 5 WHERE owner = 1"); // accounts_0001 on ds1
            s.executeUpdate("INSERT INTO notes VALUES (1)");
            s.execute("LOCK TABLES countries READ");
            assertThat(direct(1, "SELECT v FROM accounts_0001")).isEqualTo(5);
            assertThat(direct(0, "SELECT COUNT(*) FROM notes")).isEqualTo(1);
            s.execute("UNLOCK TABLES");
            c.setAutoCommit(true);
        }
    }

    @Test
    void aLockThatFailsOnOneNodeHoldsNone() throws SQLException {
        try (Connection d = proxy.direct(1, ""); Statement ds = d.createStatement()) {
            ds.execute("DROP TABLE countries"); // ds1's copy is missing: ds0 locks first, then ds1 fails
        }
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("LOCK TABLES accounts WRITE, countries READ"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1146);
                        assertThat(e.getMessage()).contains("countries").doesNotContain("_000");
                    });
            served(0, "SELECT COUNT(*) FROM accounts_0000");
            assertThat(count(s, "SELECT COUNT(*) FROM notes")).as("no lock is left in the session").isZero();
        } finally {
            try (Connection d = proxy.direct(1, ""); Statement ds = d.createStatement()) {
                ds.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(20) NOT NULL)");
            }
        }
    }

    /**
     * Reads under table locks stay on the primaries that hold the locks, also after the read-your-writes window
     * (5 s after the last write) that otherwise sends them to a replica, where they would see no lock.
     */
    @Test
    void readsUnderLocksStayOnThePrimaries(Backends backends) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(backends.replicas().isEmpty(), "no replica in this topology");
        try (ProxyFixture withReplicas = ProxyFixture.start(backends, "lock_tables_replicas", """
                schemas:
                  - name: %s
                    default-node: ds0
                """, true)) {
            try (Connection c = withReplicas.connect(""); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE locked (id INT PRIMARY KEY)");
                s.execute("CREATE TABLE unlocked (id INT PRIMARY KEY)");
                s.execute("LOCK TABLES locked READ");
                Thread.sleep(5_500); // past the read-your-writes window of the LOCK TABLES sent to the primary
                failsWith(() -> s.executeQuery("SELECT COUNT(*) FROM unlocked"), 1100);
                assertThat(count(s, "SELECT COUNT(*) FROM locked")).isZero();
                s.execute("UNLOCK TABLES");
            }
        }
    }

    /** A direct connection to {@code node}'s primary cannot run {@code sql}: a lock holds the table. */
    private static void blocked(int node, String sql) {
        assertThatThrownBy(() -> runDirect(node, sql)).as(sql + " on ds" + node)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1205));
    }

    private static void served(int node, String sql) throws SQLException {
        runDirect(node, sql);
    }

    private static void runDirect(int node, String sql) throws SQLException {
        try (Connection c = proxy.direct(node, ""); Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = 1, innodb_lock_wait_timeout = 1");
            s.execute(sql);
        }
    }

    private static long direct(int node, String sql) throws SQLException {
        try (Connection c = proxy.direct(node, ""); Statement s = c.createStatement()) {
            return count(s, sql);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void failsWith(ThrowingCallable call, int code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(code));
    }
}
