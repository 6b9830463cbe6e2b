package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multiplexing (on by default): sessions give their backend connection back after each statement outside a
 * transaction, so a pool of two connections serves any number of clients, and no session ever sees what
 * another one set. Two pool connections (not one) let a session that pins one show that the others go on, and
 * let a statement land on a connection another session just used.
 */
@ExtendWith(SharedBackends.class)
class MultiplexingIT {

    private static final int POOL_MAX = 2;
    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.withPool(backends, "compat_mux",
                "{max: " + POOL_MAX + ", min-idle: 0, acquire-timeout: 500ms}");
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, owner INT NOT NULL, v INT)");
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY, parent INT)");
            s.execute("CREATE TABLE narrow (c TINYINT)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void fortyClientsRunOnTheTwoConnectionsOfThePool() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                clients.add(proxy.connect(""));
            }
            List<Future<Integer>> sums = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                int owner = 1000 + i;
                Connection c = clients.get(i);
                sums.add(threads.submit(() -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO items (owner, v) VALUES (?, ?)");
                         PreparedStatement sum = c.prepareStatement("SELECT SUM(v) FROM items WHERE owner = ?")) {
                        for (int v = 1; v <= 10; v++) {
                            insert.setInt(1, owner);
                            insert.setInt(2, v);
                            insert.executeUpdate();
                        }
                        sum.setInt(1, owner);
                        try (ResultSet rs = sum.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                }));
            }
            for (Future<Integer> s : sums) {
                assertThat(s.get()).isEqualTo(55);
            }
            assertThat(backendConnections()).as("connections the proxy holds to the backend")
                    .isLessThanOrEqualTo(POOL_MAX);
            for (Connection c : clients) {
                c.close();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void sessionVariablesSqlModeAndCollationStayWithTheirSession() throws SQLException {
        try (Connection a = proxy.connect(""); Connection b = proxy.connect("");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            String zone = one(sb, "SELECT @@time_zone");
            String mode = one(sb, "SELECT @@sql_mode");
            String collation = one(sb, "SELECT @@collation_connection");
            sa.execute("SET time_zone = '+05:00'");
            sa.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
            sa.execute("SET collation_connection = 'utf8mb4_bin'");
            for (int i = 0; i < 4; i++) { // both pool connections, each used by both sessions
                assertThat(one(sa, "SELECT @@time_zone")).isEqualTo("+05:00");
                assertThat(one(sb, "SELECT @@time_zone")).isEqualTo(zone);
                assertThat(one(sa, "SELECT @@sql_mode")).isEqualTo("ANSI_QUOTES");
                assertThat(one(sb, "SELECT @@sql_mode")).isEqualTo(mode);
                assertThat(one(sa, "SELECT @@collation_connection")).isEqualTo("utf8mb4_bin");
                assertThat(one(sb, "SELECT @@collation_connection")).isEqualTo(collation);
            }
            assertThat(backendConnections()).isLessThanOrEqualTo(POOL_MAX);
        }
    }

    @Test
    void userVariablesAndTemporaryTablesPinTheirSessionAndNeverShow() throws SQLException {
        try (Connection a = proxy.connect(""); Connection b = proxy.connect("");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("SET @secret = 42");
            sa.execute("CREATE TEMPORARY TABLE scratch (x INT)");
            sa.execute("INSERT INTO scratch VALUES (7)");
            for (int i = 0; i < 3; i++) {
                assertThat(one(sb, "SELECT @secret")).isNull();
                assertThatThrownBy(() -> one(sb, "SELECT x FROM scratch"))
                        .hasMessageContaining("scratch").hasMessageContaining("doesn't exist");
                assertThat(one(sa, "SELECT @secret")).isEqualTo("42");
                assertThat(one(sa, "SELECT x FROM scratch")).isEqualTo("7");
                assertThat(one(sa, "SELECT @n := 5")).isEqualTo("5");
                assertThat(one(sa, "SELECT @n")).isEqualTo("5");
            }
        }
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            // the pinned connection went back reset when its session ended
            for (int i = 0; i < 3; i++) {
                assertThat(one(s, "SELECT @secret")).isNull();
                assertThat(one(s, "SELECT @n")).isNull();
            }
        }
    }

    @Test
    void serverPreparedStatementsArePreparedAgainOnWhicheverConnectionRunsThem() throws SQLException {
        String options = "useServerPrepStmts=true&cachePrepStmts=false";
        try (Connection a = proxy.connect(options); Connection b = proxy.connect(options);
             PreparedStatement pb = b.prepareStatement("SELECT ? + 1");
             PreparedStatement pb2 = b.prepareStatement("SELECT CONCAT(?, '!')")) {
            PreparedStatement pa = a.prepareStatement("SELECT ? + 1");
            for (int i = 0; i < 6; i++) {
                pb.setInt(1, 100 + i);
                pb2.setString(1, "b" + i);
                if (i < 3) {
                    pa.setInt(1, i);
                    assertThat(one(pa)).isEqualTo(Integer.toString(i + 1));
                }
                assertThat(one(pb)).isEqualTo(Integer.toString(101 + i));
                assertThat(one(pb2)).isEqualTo("b" + i + "!");
                if (i == 2) {
                    pa.close(); // closing a's statement must not close b's of the same text
                }
            }
        }
    }

    @Test
    void aTransactionKeepsItsConnectionAndTheOthersWaitThenGetTheirOwnError() throws SQLException {
        try (Connection a = proxy.connect(""); Connection b = proxy.connect(""); Connection c = proxy.connect("");
             Statement sa = a.createStatement(); Statement sb = b.createStatement(); Statement sc = c.createStatement()) {
            a.setAutoCommit(false);
            sa.executeUpdate("INSERT INTO notes VALUES (1, 0)");
            sb.execute("LOCK TABLES narrow READ");
            // a and b each hold one of the two connections: c's statement waits acquire-timeout, then 1040
            assertThatThrownBy(() -> one(sc, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1040);
                        assertThat(e.getSQLState()).isEqualTo("08004");
                        assertThat(e.getMessage()).contains("ds0");
                    });
            a.rollback();
            a.setAutoCommit(true);
            assertThat(one(sc, "SELECT 1")).isEqualTo("1");
            sb.execute("UNLOCK TABLES");
            assertThat(one(sc, "SELECT COUNT(*) FROM notes")).isEqualTo("0");
        }
    }

    @Test
    void lastInsertIdRowCountFoundRowsAndWarningsDescribeTheSessionsOwnStatements() throws SQLException {
        // Connector/J would turn the truncation warning into an exception by itself asking SHOW WARNINGS at once
        try (Connection a = proxy.connect("jdbcCompliantTruncation=false"); Connection b = proxy.connect("");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.executeUpdate("INSERT INTO items (owner, v) VALUES (1, 1)");
            long aId = Long.parseLong(one(sa, "SELECT LAST_INSERT_ID()"));
            sb.executeUpdate("INSERT INTO items (owner, v) VALUES (2, 1)");
            long bId = Long.parseLong(one(sb, "SELECT LAST_INSERT_ID()"));
            assertThat(bId).isGreaterThan(aId);
            assertThat(one(sa, "SELECT LAST_INSERT_ID()")).isEqualTo(Long.toString(aId));
            sb.executeUpdate("INSERT INTO items (owner, v) VALUES (2, 2)");
            sa.executeUpdate("INSERT INTO notes (id, parent) VALUES (10, LAST_INSERT_ID())");
            assertThat(one(sb, "SELECT parent FROM notes WHERE id = 10")).isEqualTo(Long.toString(aId));

            sa.executeUpdate("UPDATE items SET v = v + 1 WHERE owner = 1");
            sb.executeUpdate("UPDATE items SET v = v + 1 WHERE owner IN (1, 2)");
            assertThat(one(sa, "SELECT ROW_COUNT()")).isEqualTo("1");

            sa.executeQuery("SELECT SQL_CALC_FOUND_ROWS id FROM items ORDER BY id LIMIT 1").close();
            one(sb, "SELECT COUNT(*) FROM items");
            assertThat(one(sa, "SELECT FOUND_ROWS()")).isEqualTo(one(sb, "SELECT COUNT(*) FROM items"));

            sa.execute("SET SESSION sql_mode = ''"); // truncation is a warning, not an error
            sa.executeUpdate("INSERT INTO narrow VALUES (1000)");
            one(sb, "SELECT 1");
            SQLWarning warning = sa.getWarnings();
            assertThat((Object) warning).as("SHOW WARNINGS reaches the connection that had them").isNotNull();
            assertThat(warning.getErrorCode()).isEqualTo(1264);
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static String one(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** The proxy's connections to the backend that serve statements (they are in the test's schema). */
    private static int backendConnections() throws SQLException {
        try (Connection root = proxy.root(); Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '"
                     + proxy.backend().user() + "' AND DB = '" + proxy.schema() + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
