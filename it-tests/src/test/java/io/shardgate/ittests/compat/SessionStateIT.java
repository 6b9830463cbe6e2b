package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.proxy.pool.ConnectionPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session state through the proxy: what a client SETs (names, sql_mode, time_zone, autocommit, isolation
 * with the MySQL 8 names Connector/J uses, user variables) reads back as set and is in force on the backend;
 * the next client, served by the same pooled backend connection, sees none of it.
 */
@ExtendWith(SharedBackends.class)
class SessionStateIT {

    private static final String PROBE = "SELECT @@character_set_client, @@sql_mode, @@time_zone, "
            + "@@transaction_isolation, @@autocommit";

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, "compat_session");
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void whatAClientSetsReadsBackAndDoesNotLeakToTheNextClient() throws Exception {
        Map<String, String> fresh;
        try (Connection c = proxy.connect("")) {
            fresh = values(c);
            assertThat(userVariable(c)).isNull();
        }
        awaitPoolIdle();
        long openedBefore = opened();
        long backendThread;
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            backendThread = backendThread(c);
            s.execute("SET NAMES latin1");
            s.execute("SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES'");
            s.execute("SET time_zone = '+05:30'");
            s.execute("SET @u = 42");
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            Map<String, String> set = values(c);
            assertThat(set).containsEntry("@@character_set_client", "latin1")
                    .containsEntry("@@sql_mode", "ANSI_QUOTES,STRICT_ALL_TABLES")
                    .containsEntry("@@time_zone", "+05:30")
                    .containsEntry("@@transaction_isolation", "SERIALIZABLE");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(userVariable(c)).isEqualTo("42");
            // in force on the backend, not only remembered by the proxy
            assertThatThrownBy(() -> s.executeQuery("SELECT \"not a string\" FROM DUAL").close())
                    .as("ANSI_QUOTES makes it an identifier")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1054));
            try (ResultSet rs = s.executeQuery("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()), @u + 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isBetween(329, 330); // +05:30, give or take the minute boundary
                assertThat(rs.getInt(2)).isEqualTo(43);
            }
            autocommitOffThenCommit(c);
        }
        // Client connections are spread over the event loops in turn and the pool lends a connection of the
        // client's own loop, so within two more clients one lands on the loop whose pooled connection served
        // the first: every client must see a fresh session, and that one must reuse the reset connection.
        boolean reused = false;
        for (int attempt = 0; attempt < 2 && !reused; attempt++) {
            awaitPoolIdle();
            try (Connection c = proxy.connect("")) {
                reused = backendThread(c) == backendThread;
                assertThat(values(c)).isEqualTo(fresh);
                assertThat(userVariable(c)).isNull();
            }
        }
        assertThat(reused).as("the same pooled backend connection serves a later client").isTrue();
        assertThat(opened()).isLessThanOrEqualTo(openedBefore + 1);
    }

    /**
     * MariaDB before 11.1 knows only tx_isolation / tx_read_only: any SELECT naming the MySQL 8 variables gets
     * them translated, with the column name the client asked for; server-side prepared too.
     */
    @Test
    void transactionVariablesReadInAnySelect() throws SQLException {
        for (String options : java.util.List.of("", "useServerPrepStmts=true")) {
            try (Connection c = proxy.connect(options); Statement s = c.createStatement()) {
                s.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                try (java.sql.PreparedStatement p = c.prepareStatement(
                        "SELECT @@transaction_isolation, @@autocommit, 1, @@SESSION.transaction_read_only");
                     ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("READ-COMMITTED");
                    assertThat(rs.getString(2)).isEqualTo("1");
                    assertThat(rs.getString(3)).isEqualTo("1");
                    assertThat(rs.getString(4)).isEqualTo("0");
                    assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("@@transaction_isolation");
                    assertThat(rs.getMetaData().getColumnLabel(4)).isEqualTo("@@SESSION.transaction_read_only");
                }
                try (ResultSet rs = s.executeQuery("SELECT CONCAT('is ', @@transaction_isolation) AS iso, "
                        + "@@global.transaction_isolation FROM information_schema.SCHEMATA "
                        + "WHERE @@transaction_read_only = 0 LIMIT 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("iso")).isEqualTo("is READ-COMMITTED");
                    assertThat(rs.getString("@@global.transaction_isolation")).isEqualTo("REPEATABLE-READ");
                }
            }
        }
    }

    private static void autocommitOffThenCommit(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); Connection direct = proxy.direct("");
             Statement d = direct.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ac (id INT PRIMARY KEY)");
            c.setAutoCommit(false);
            assertThat(values(c)).containsEntry("@@autocommit", "0");
            s.execute("INSERT INTO ac VALUES (1)");
            assertThat(count(d)).as("not committed yet").isZero();
            c.commit();
            assertThat(count(d)).isEqualTo(1);
            s.execute("INSERT INTO ac VALUES (2)");
            c.rollback();
            assertThat(count(d)).isEqualTo(1);
            c.setAutoCommit(true);
            s.execute("DROP TABLE ac");
        }
    }

    private static int count(Statement direct) throws SQLException {
        try (ResultSet rs = direct.executeQuery("SELECT COUNT(*) FROM ac")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Map<String, String> values(Connection c) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PROBE)) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
            }
        }
        return values;
    }

    private static String userVariable(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @u")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The backend's own thread id (CONNECTION_ID() is the proxy's session id, answered by the proxy). */
    static long backendThread(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static long opened() {
        return proxy.server().pools().pools().stream().mapToLong(ConnectionPool::createdCount).sum();
    }

    /** A released connection is reset before it is idle again: wait for that, boundedly. */
    static void awaitPoolIdle() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            boolean idle = proxy.server().pools().pools().stream().allMatch(p -> p.idleCount() == p.total());
            if (idle) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backend connections not back in their pool after 10 s: "
                + proxy.server().pools().pools().stream().map(ConnectionPool::counts).toList());
    }
}
