package io.shardgate.ittests.scatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.config.ConfigLoader;
import io.shardgate.ittests.backends.BackendEndpoint;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * An uncorrelated {@code x [NOT] IN (SELECT ...)} whose subquery returns more rows than
 * {@code proxy.subquery-inline-limit} (5 here) runs as a semi-join: the answers equal those of one reference
 * database holding the same rows unsharded (NULLs on both sides, numbers across types, strings under a _ci
 * collation, text and server-prepared statements), under GROUP BY, aggregates, DISTINCT and LIMIT too, and
 * with several semi-joins in one statement and for {@code (a, b) [NOT] IN}; past {@code proxy.max-semi-join-rows} the statement fails with 1235
 * naming the setting.
 */
@ExtendWith(SharedBackends.class)
class SemiJoinIT {

    private static final String SCHEMA = "semi_join_it";
    private static final String REFERENCE = "semi_join_it_ref";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: outer_rows, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                  - {name: inner_rows, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;
    private static final List<String> SETUP = List.of(
            "CREATE TABLE outer_rows (id BIGINT NOT NULL PRIMARY KEY, x INT NULL,"
                    + " s VARCHAR(20) COLLATE utf8mb4_general_ci NULL) DEFAULT CHARSET utf8mb4",
            "CREATE TABLE inner_rows (id BIGINT NOT NULL PRIMARY KEY, v INT NULL, dv DECIMAL(10,1) NULL,"
                    + " s VARCHAR(20) COLLATE utf8mb4_general_ci NULL, vn INT NULL) DEFAULT CHARSET utf8mb4",
            outerRows(),
            "INSERT INTO inner_rows (id, v, dv, s, vn) VALUES (1, 1, 1.0, 'AB1', 1), (2, 3, 3.0, 'ab3 ', 3),"
                    + " (3, 5, 5.5, 'Ab0', NULL), (4, 7, 7.0, 'zz', 7), (5, 9, 9.0, 'AB4', 9), (6, 11, 11.0, 'q', 11),"
                    + " (7, 2, 2.0, 'r', 2), (8, 3, 3.0, 'ab1', 3)");
    private static final List<String> QUERIES = List.of(
            "SELECT id, x FROM outer_rows WHERE x IN (SELECT v FROM inner_rows) ORDER BY id",
            "SELECT id FROM outer_rows WHERE x NOT IN (SELECT v FROM inner_rows) ORDER BY id DESC",
            "SELECT id FROM outer_rows WHERE id > 3 AND x NOT IN (SELECT dv FROM inner_rows)",
            "SELECT id FROM outer_rows WHERE x IN (SELECT vn FROM inner_rows) AND id < 25",
            "SELECT id, x FROM outer_rows WHERE x IN (SELECT dv FROM inner_rows)",
            "SELECT id, s FROM outer_rows WHERE id = 3 AND x IN (SELECT v FROM inner_rows)",
            "SELECT * FROM outer_rows WHERE s IN (SELECT s FROM inner_rows) ORDER BY id",
            "SELECT id FROM outer_rows WHERE s NOT IN (SELECT s FROM inner_rows WHERE s IS NOT NULL)",
            // below grouping, aggregates, DISTINCT and LIMIT: filtered right above the shard reads
            "SELECT COUNT(*), SUM(x), AVG(x), MIN(id), MAX(x) FROM outer_rows WHERE x IN (SELECT v FROM inner_rows)",
            "SELECT COUNT(*), MAX(x) FROM outer_rows WHERE x IN (SELECT v + 100 FROM inner_rows)",
            "SELECT x, COUNT(*), GROUP_CONCAT(id ORDER BY id) FROM outer_rows WHERE x IN (SELECT v FROM inner_rows)"
                    + " GROUP BY x ORDER BY x",
            "SELECT id % 3 AS m, COUNT(DISTINCT x), SUM(id) FROM outer_rows WHERE x NOT IN (SELECT dv FROM inner_rows)"
                    + " GROUP BY m HAVING COUNT(*) > 1 ORDER BY m",
            "SELECT x % 4 AS m, COUNT(*) FROM outer_rows WHERE id > 2 AND x IN (SELECT v FROM inner_rows) GROUP BY m"
                    + " WITH ROLLUP",
            "SELECT DISTINCT x FROM outer_rows WHERE x NOT IN (SELECT vn FROM inner_rows WHERE vn IS NOT NULL)"
                    + " ORDER BY x",
            "SELECT id, x FROM outer_rows WHERE x IN (SELECT v FROM inner_rows) ORDER BY id LIMIT 3, 4",
            "SELECT id FROM outer_rows WHERE x IN (SELECT v FROM inner_rows) ORDER BY x DESC, id LIMIT 5",
            "SELECT COUNT(*) FROM outer_rows WHERE id = 3 AND x IN (SELECT v FROM inner_rows)",
            "SELECT COUNT(*), SUM(x) FROM outer_rows WHERE id IN (1, 2, 3, 5) AND x IN (SELECT v FROM inner_rows)",
            // several semi-joins in one statement
            "SELECT id FROM outer_rows WHERE x IN (SELECT v FROM inner_rows) AND id NOT IN"
                    + " (SELECT vn FROM inner_rows WHERE vn IS NOT NULL) ORDER BY id",
            "SELECT COUNT(*) FROM outer_rows WHERE s IN (SELECT s FROM inner_rows) AND x IN (SELECT dv FROM inner_rows)",
            // (a, b) IN: equal in every column; NOT IN with NULLs on both sides
            "SELECT id FROM outer_rows WHERE (x, s) IN (SELECT v, s FROM inner_rows) ORDER BY id",
            "SELECT id, x, s FROM outer_rows WHERE (x, s) NOT IN (SELECT vn, s FROM inner_rows) ORDER BY id",
            "SELECT x, COUNT(*) FROM outer_rows WHERE (x, s) NOT IN (SELECT v, s FROM inner_rows WHERE id > 1)"
                    + " GROUP BY x ORDER BY x",
            "SELECT id FROM outer_rows WHERE (s, x) IN (SELECT s, dv FROM inner_rows) AND x NOT IN"
                    + " (SELECT v + 1 FROM inner_rows) ORDER BY id LIMIT 10");

    private static ProxyFixture proxy;
    private static String baseYaml;
    private static BackendEndpoint referenceNode;

    @BeforeAll
    static void start(Backends backends) throws SQLException {
        proxy = ProxyFixture.start(backends, SCHEMA, YAML);
        referenceNode = backends.primary(0);
        baseYaml = ProxyFixture.yaml(backends, YAML.formatted(SCHEMA));
        proxy.server().apply(ConfigLoader.parse(baseYaml.replace("proxy:\n", "proxy:\n  subquery-inline-limit: 5\n"),
                "semi.yaml"));
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            for (String sql : SETUP) {
                s.execute(sql);
            }
        }
        try (Connection c = reference(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + REFERENCE);
            s.execute("CREATE DATABASE " + REFERENCE);
            s.execute("USE " + REFERENCE);
            for (String sql : SETUP) {
                s.execute(sql);
            }
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            try (Connection c = reference(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + REFERENCE);
            }
            proxy.close();
        }
    }

    @Test
    void textStatementsAnswerAsTheReferenceDatabase() throws SQLException {
        try (Connection c = proxy.connect(""); Connection ref = reference()) {
            ref.createStatement().execute("USE " + REFERENCE);
            for (String sql : QUERIES) {
                List<String> expected = rows(ref, sql, List.of());
                assertThat(expected).as(sql).isNotEmpty();
                List<String> actual;
                try {
                    actual = rows(c, sql, List.of());
                } catch (SQLException e) {
                    throw new AssertionError(sql, e);
                }
                assertThat(actual).as(sql).containsExactlyInAnyOrderElementsOf(expected);
                if (sql.contains("ORDER BY")) {
                    assertThat(rows(c, sql, List.of())).as(sql).containsExactlyElementsOf(expected);
                }
            }
            // a NULL among NOT IN's values keeps nothing
            String nullAmong = "SELECT id FROM outer_rows WHERE x NOT IN (SELECT vn FROM inner_rows)";
            assertThat(rows(ref, nullAmong, List.of())).isEmpty();
            assertThat(rows(c, nullAmong, List.of())).isEmpty();
        }
    }

    @Test
    void serverPreparedStatementsAnswerAsTheReferenceDatabase() throws SQLException {
        List<String> statements = List.of(
                "SELECT id, s FROM outer_rows WHERE id > ? AND x IN (SELECT v FROM inner_rows WHERE id < ?) ORDER BY id",
                "SELECT x, COUNT(*) FROM outer_rows WHERE id > ? AND x IN (SELECT v FROM inner_rows WHERE id < ?)"
                        + " GROUP BY x ORDER BY x",
                "SELECT id FROM outer_rows WHERE id > ? AND x NOT IN (SELECT v FROM inner_rows WHERE id < ?)"
                        + " ORDER BY id LIMIT 3");
        try (Connection c = proxy.connect("useServerPrepStmts=true"); Connection ref = reference()) {
            ref.createStatement().execute("USE " + REFERENCE);
            for (String sql : statements) {
                List<String> expected = rows(ref, sql, List.of(4, 8));
                assertThat(expected).as(sql).isNotEmpty();
                assertThat(rows(c, sql, List.of(4, 8))).as(sql).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void pastTheSemiJoinBudgetTheStatementFailsWith1235() throws SQLException {
        proxy.server().apply(ConfigLoader.parse(baseYaml.replace("proxy:\n",
                "proxy:\n  subquery-inline-limit: 5\n  max-semi-join-rows: 6\n"), "budget.yaml"));
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT id FROM outer_rows WHERE x IN (SELECT v FROM inner_rows)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1235);
                        assertThat(e.getMessage()).contains("more than 6 rows (proxy.max-semi-join-rows)");
                    });
            // within the budget the session goes on
            assertThat(rows(c, "SELECT id FROM outer_rows WHERE x IN (SELECT v FROM inner_rows WHERE id <= 6)",
                    List.of())).isNotEmpty();
            // outside the WHERE's top-level AND (either side of an OR): today's refusal, never a filter
            for (String underOr : List.of(
                    "SELECT COUNT(*) FROM outer_rows WHERE id < 3 OR x IN (SELECT v FROM inner_rows WHERE id <= 6)",
                    "SELECT id FROM outer_rows WHERE x IN (SELECT v FROM inner_rows WHERE id <= 6) OR id < 3",
                    "SELECT id FROM outer_rows WHERE id > 0 AND x IN (SELECT v FROM inner_rows WHERE id <= 6) OR id < 3")) {
                assertThatThrownBy(() -> s.executeQuery(underOr)).as(underOr)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1235);
                            assertThat(e.getMessage()).contains("proxy.subquery-inline-limit");
                        });
            }
        } finally {
            proxy.server().apply(ConfigLoader.parse(baseYaml.replace("proxy:\n",
                    "proxy:\n  subquery-inline-limit: 5\n"), "semi.yaml"));
        }
    }

    private static String outerRows() {
        StringBuilder sql = new StringBuilder("INSERT INTO outer_rows (id, x, s) VALUES ");
        for (int id = 1; id <= 30; id++) {
            String x = id % 7 == 0 ? "NULL" : Integer.toString(id % 12);
            String s = id % 9 == 0 ? "NULL" : "'" + (id % 2 == 0 ? "ab" : "AB") + (id % 5) + "'";
            sql.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(x).append(", ").append(s)
                    .append(')');
        }
        return sql.toString();
    }

    private static Connection reference() throws SQLException {
        return DriverManager.getConnection(referenceNode.jdbcUrl(), "root", referenceNode.rootPassword());
    }

    private static List<String> rows(Connection c, String sql, List<Integer> params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setInt(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i == 1 ? "" : "|").append(rs.getString(i));
                    }
                    out.add(row.toString());
                }
            }
        }
        return out;
    }
}
