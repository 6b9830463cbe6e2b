package io.shardgate.ittests.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
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
 * Multi-statement queries: one result per statement, SERVER_MORE_RESULTS_EXISTS on all but the last, and
 * COM_SET_OPTION really switching them off and on (as a server does: 1064 while off).
 */
@ExtendWith(SharedBackends.class)
class MultiStatementIT {

    private static CompatProxy proxy;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = CompatProxy.start(backends, "compat_multi");
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
    }

    @Test
    void connectorJBatchOfThreeReturnsThreeResults() throws SQLException {
        List<String> proxied = results(proxy.connect("allowMultiQueries=true"));
        List<String> direct = results(proxy.direct("allowMultiQueries=true"));
        assertThat(proxied).containsExactly("rows [1]", "update 2", "rows [one, two]");
        assertThat(proxied).isEqualTo(direct);
    }

    @Test
    void aProcedureWithSeveralResultSetsMatchesDirect() throws SQLException {
        // created through the proxy: a compound body's semicolons do not split it, with or without multi-statements
        for (String options : List.of("", "allowMultiQueries=true")) {
            try (Connection c = proxy.connect(options); Statement s = c.createStatement()) {
                s.execute("DROP PROCEDURE IF EXISTS two_results");
                s.execute("""
                        CREATE PROCEDURE two_results(IN n INT)
                        BEGIN
                          DECLARE i INT DEFAULT 0;
                          WHILE i < n DO SET i = i + 1; END WHILE;
                          IF i > 0 THEN SELECT n AS a; ELSE SELECT -1 AS a; END IF;
                          SELECT 'x' AS b, n * 2 AS c;
                        END""");
            }
            List<String> proxied;
            try (Connection c = proxy.connect(options); Statement s = c.createStatement()) {
                proxied = drain(s, s.execute("CALL two_results(21)"));
            }
            List<String> direct;
            try (Connection c = proxy.direct(""); Statement s = c.createStatement()) {
                direct = drain(s, s.execute("CALL two_results(21)"));
            }
            assertThat(proxied).as(options).containsExactly("rows [21]", "rows [x]", "update 0");
            assertThat(proxied).isEqualTo(direct);
        }
        try (Connection c = proxy.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            List<String> results = drain(s, s.execute("BEGIN NOT ATOMIC DECLARE v INT DEFAULT 5; SELECT v; END; "
                    + "CALL two_results(1); DROP PROCEDURE two_results"));
            assertThat(results).containsExactly("rows [5]", "update 0", "rows [1]", "rows [x]", "update 0", "update 0");
        }
    }

    private static List<String> results(Connection c) throws SQLException {
        try (c; Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS m (id INT PRIMARY KEY, v VARCHAR(10))");
            s.execute("DELETE FROM m");
            List<String> out = drain(s,
                    s.execute("SELECT 1; INSERT INTO m VALUES (1, 'one'), (2, 'two'); SELECT v FROM m ORDER BY id"));
            s.execute("DROP TABLE m");
            return out;
        }
    }

    /** Every result of the statement just executed: "rows [first column...]" or "update n". */
    private static List<String> drain(Statement s, boolean firstIsResult) throws SQLException {
        List<String> out = new ArrayList<>();
        boolean isResult = firstIsResult;
        while (true) {
            if (isResult) {
                List<String> values = new ArrayList<>();
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                out.add("rows " + values);
            } else if (s.getUpdateCount() != -1) {
                out.add("update " + s.getUpdateCount());
            } else {
                break;
            }
            isResult = s.getMoreResults();
        }
        return out;
    }

    @Test
    void anErrorEndsTheBatchAndTheConnectionGoesOn() throws SQLException {
        try (Connection c = proxy.connect("allowMultiQueries=true"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT 1; SELECT * FROM no_such_table; SELECT 3"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
            try (ResultSet rs = s.executeQuery("SELECT 'next'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("next");
            }
        }
    }

    @Test
    void withoutTheCapabilityASecondStatementIsASyntaxError() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT 1; SELECT 2"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1064));
        }
    }

    @Test
    void comSetOptionSwitchesMultiStatementsOffAndOn() throws Exception {
        try (RawMysqlClient c = RawMysqlClient.connect(proxy.port(), 10_000)) {
            assertThat(c.login(CompatProxy.USER, CompatProxy.PASSWORD, proxy.schema(),
                    RawMysqlClient.defaultCapabilities() | RawMysqlClient.MULTI_STATEMENTS).isOk()).isTrue();
            List<RawMysqlClient.Result> three = c.query("SELECT 1; SELECT 2; SELECT 3");
            assertThat(three).extracting(RawMysqlClient.Result::rows)
                    .containsExactly(List.of(List.of("1")), List.of(List.of("2")), List.of(List.of("3")));
            assertThat(three).extracting(RawMysqlClient.Result::moreResults).containsExactly(true, true, false);

            c.command(RawMysqlClient.COM_SET_OPTION, new byte[] {1, 0}); // MYSQL_OPTION_MULTI_STATEMENTS_OFF
            RawMysqlClient.Packet eof = c.read();
            assertThat(eof.isEof()).as("COM_SET_OPTION answers EOF without DEPRECATE_EOF").isTrue();
            List<RawMysqlClient.Result> refused = c.query("SELECT 1; SELECT 2");
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).isError()).isTrue();
            assertThat(refused.get(0).terminal().errorCode()).isEqualTo(1064);
            assertThat(c.query("SELECT 'single'").get(0).rows()).containsExactly(List.of("single"));

            c.command(RawMysqlClient.COM_SET_OPTION, new byte[] {0, 0}); // ON again
            assertThat(c.read().isEof()).isTrue();
            assertThat(c.query("SELECT 4; SELECT 5")).extracting(RawMysqlClient.Result::rows)
                    .containsExactly(List.of(List.of("4")), List.of(List.of("5")));
        }
    }
}
