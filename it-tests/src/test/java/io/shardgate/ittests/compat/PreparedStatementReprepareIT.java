package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server-side prepared statement outlives the backend connection it was prepared on: when that connection
 * dies outside a transaction (a backend restart, a KILL, a network cut), the next EXECUTE prepares it again on
 * the session's new connection, with the parameter types the client sent only on its first EXECUTE.
 * Connector/J's {@code cachePrepStmts} keeps statement ids for as long as the client connection lives.
 */
@ExtendWith(SharedBackends.class)
class PreparedStatementReprepareIT {

    private static final String SCHEMA = "compat_reprepare";
    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, SCHEMA);
        try (Connection c = proxy.direct(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void anExecuteAfterTheBackendConnectionDiedPreparesAgainAndAnswers() throws Exception {
        try (Connection c = proxy.connect("useServerPrepStmts=true&cachePrepStmts=true");
             PreparedStatement ps = c.prepareStatement("SELECT ?, v FROM t WHERE id = ?")) {
            assertThat(run(ps, 10, 1)).containsExactly("10|one");
            long prepares = preparesOnBackend();

            killSessionBackendConnections();

            // the driver re-executes without parameter types; the proxy puts them back for the new statement
            assertThat(run(ps, 20, 2)).containsExactly("20|two");
            assertThat(preparesOnBackend()).as("prepared again on the new connection").isGreaterThan(prepares);
            assertThat(run(ps, 30, 3)).containsExactly("30|three");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    private static List<String> run(PreparedStatement ps, long first, int id) throws SQLException {
        ps.setLong(1, first);
        ps.setInt(2, id);
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getString(2));
            }
        }
        return rows;
    }

    private static long preparesOnBackend() throws SQLException {
        try (Connection root = proxy.root(); Statement s = root.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_stmt_prepare'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** KILL, as root on the backend, every connection of the proxy's account that has the test schema selected. */
    private static void killSessionBackendConnections() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection root = proxy.root(); Statement s = root.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                    + proxy.backend().user() + "' AND DB = '" + SCHEMA + "'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            assertThat(ids).as("the session's backend connection").isNotEmpty();
            for (long id : ids) {
                s.execute("KILL " + id);
            }
            // the server closes a killed idle connection when its thread wakes up: wait until it has
            for (int i = 0; i < 200 && stillThere(s, ids); i++) {
                Thread.onSpinWait();
            }
        }
    }

    private static boolean stillThere(Statement s, List<Long> ids) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID IN ("
                + ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow() + ")")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
