package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that goes away mid-result or mid-transaction leaves nothing behind: other clients are served,
 * the uncommitted row never appears, and the backend connection it used is closed (mid-result: its state is
 * unknown) or reset (mid-transaction: rolled back) - no transaction stays open on the backend.
 */
@ExtendWith(SharedBackends.class)
class ClientDisconnectIT {

    private static final int ROWS = 100_000;

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, "compat_disconnect");
        try (Connection c = proxy.direct(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id INT PRIMARY KEY, pad CHAR(100))");
            s.execute("SET SESSION max_recursive_iterations = " + ROWS);
            s.execute("INSERT INTO big WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
                    + ROWS + ") SELECT n, REPEAT('x', 100) FROM seq");
            s.execute("CREATE TABLE ledger (id INT PRIMARY KEY, note VARCHAR(20))");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void goneMidResultClosesThatBackendConnection() throws Exception {
        long backendThread;
        try (RawMysqlClient c = loggedIn()) {
            backendThread = backendThread(c);
            c.command(RawMysqlClient.COM_QUERY, "SELECT * FROM big".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 200; i++) {
                c.read(); // column count, definitions, EOF, the first rows; ~10 MB more are on their way
            }
        }
        awaitGone(backendThread);
        assertOthersAreServed();
    }

    @Test
    void goneMidTransactionRollsBackAndLeavesNoTransaction() throws Exception {
        long backendThread;
        try (RawMysqlClient c = loggedIn()) {
            backendThread = backendThread(c);
            assertThat(c.query("BEGIN").get(0).isError()).isFalse();
            assertThat(c.query("INSERT INTO ledger VALUES (1, 'uncommitted')").get(0).isError()).isFalse();
            try (Connection root = proxy.root(); Statement s = root.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = "
                        + backendThread)).as("the transaction is open on the backend").isEqualTo(1);
            }
        }
        try (Connection root = proxy.root(); Statement s = root.createStatement()) {
            awaitZero(s, "SELECT COUNT(*) FROM information_schema.INNODB_TRX");
            assertThat(count(s, "SELECT COUNT(*) FROM compat_disconnect.ledger")).isZero();
        }
        assertOthersAreServed();
    }

    @Test
    void goneMidTransactionWithAutocommitOffToo() throws Exception {
        try (RawMysqlClient c = loggedIn()) {
            assertThat(c.query("SET autocommit = 0").get(0).isError()).isFalse();
            assertThat(c.query("INSERT INTO ledger VALUES (2, 'uncommitted')").get(0).isError()).isFalse();
        }
        try (Connection root = proxy.root(); Statement s = root.createStatement()) {
            awaitZero(s, "SELECT COUNT(*) FROM information_schema.INNODB_TRX");
            assertThat(count(s, "SELECT COUNT(*) FROM compat_disconnect.ledger")).isZero();
        }
        assertOthersAreServed();
    }

    private static RawMysqlClient loggedIn() throws java.io.IOException {
        RawMysqlClient c = RawMysqlClient.connect(proxy.port(), 20_000);
        assertThat(c.login(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(),
                RawMysqlClient.defaultCapabilities()).isOk()).isTrue();
        return c;
    }

    /** The backend thread serving this client (CONNECTION_ID() alone would be the proxy's own id). */
    private static long backendThread(RawMysqlClient c) throws java.io.IOException {
        List<RawMysqlClient.Result> r = c.query("SELECT ID FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()");
        return Long.parseLong(r.get(0).rows().get(0).get(0));
    }

    private static void assertOthersAreServed() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(id) FROM big")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(ROWS);
            assertThat(rs.getInt(2)).isEqualTo(ROWS);
        }
    }

    private static void awaitGone(long backendThread) throws Exception {
        try (Connection root = proxy.root(); Statement s = root.createStatement()) {
            awaitZero(s, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + backendThread);
        }
    }

    /** Polls, boundedly: the backend notices a closed socket on its next write or read. */
    private static void awaitZero(Statement s, String countQuery) throws Exception {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            last = count(s, countQuery);
            if (last == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(countQuery + " still " + last + " after 10 s");
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
