package io.shardgate.ittests.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pass-through compatibility: a realistic session (DDL, writes, reads, transactions, errors, session
 * variables) gives exactly the same transcript through the proxy as directly against the backend, for the
 * driver settings applications use.
 */
@ExtendWith(SharedBackends.class)
class PassThroughSessionIT {

    private static ProxyFixture proxy;
    private static Backends backends;

    private static final List<String> SESSION = List.of(
            "CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance DECIMAL(12,2), "
                    + "opened DATE, note TEXT, flags BIT(8), score DOUBLE, updated DATETIME(3))",
            "INSERT INTO accounts VALUES (1, 'Ada', 100.50, '2024-01-31', NULL, b'101', 1.5, '2024-02-01 10:11:12.345')",
            "INSERT INTO accounts VALUES (2, 'Bob', -3.25, '1999-12-31', 'x''y', b'0', -0.0, NULL), "
                    + "(3, 'Émile', 0, NULL, '', NULL, 1e300, '2038-01-19 03:14:07.999')",
            "INSERT INTO accounts VALUES (1, 'dup', 0, NULL, NULL, NULL, NULL, NULL)",
            "SELECT * FROM accounts ORDER BY id",
            "SELECT owner, balance * 2 AS twice FROM accounts WHERE balance > 0",
            "UPDATE accounts SET balance = balance + 1 WHERE id IN (1, 2)",
            "UPDATE accounts SET balance = balance WHERE id = 3",
            "SET @total = (SELECT SUM(balance) FROM accounts)",
            "SELECT @total",
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES'",
            "SELECT @@sql_mode",
            "INSERT INTO accounts (id, owner) VALUES (4, REPEAT('z', 50))",
            "START TRANSACTION",
            "DELETE FROM accounts WHERE id = 2",
            "SELECT COUNT(*) FROM accounts",
            "ROLLBACK",
            "SELECT COUNT(*) FROM accounts",
            "BEGIN",
            "UPDATE accounts SET note = 'committed' WHERE id = 1",
            "COMMIT",
            "SELECT id, note FROM accounts ORDER BY id",
            "SELECT * FROM no_such_table",
            "SELEC broken syntax",
            "SELECT LAST_INSERT_ID(), ROW_COUNT()",
            "SHOW COLUMNS FROM accounts",
            "DROP TABLE accounts");

    @BeforeAll
    static void start(Backends shared) throws SQLException {
        backends = shared;
        proxy = ProxyFixture.start(shared, "passthrough_it", """
                schemas:
                  - name: %s
                    default-node: ds0
                """);
        try (Connection c = DriverManager.getConnection(shared.primary(0).jdbcUrl(), "root",
                shared.primary(0).rootPassword())) {
            c.createStatement().execute("CREATE DATABASE IF NOT EXISTS passthrough_direct");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        proxy.close();
        try (Connection c = DriverManager.getConnection(backends.primary(0).jdbcUrl(), "root",
                backends.primary(0).rootPassword())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS passthrough_direct");
        }
    }

    @ParameterizedTest(name = "Connector/J {0}")
    @ValueSource(strings = {"", "useServerPrepStmts=true&cachePrepStmts=true", "rewriteBatchedStatements=true",
            "allowMultiQueries=true", "useAffectedRows=true", "useCursorFetch=true&defaultFetchSize=2"})
    void sameTranscriptThroughTheProxy(String options) throws SQLException {
        List<String> direct;
        try (Connection c = DriverManager.getConnection(backends.primary(0).jdbcUrl("passthrough_direct")
                + (options.isEmpty() ? "" : "?" + options), backends.primary(0).user(), backends.primary(0).password())) {
            direct = new Transcript().run(c, SESSION).lines();
        }
        List<String> proxied;
        try (Connection c = proxy.connect(options)) {
            proxied = new Transcript().run(c, SESSION).lines();
        }
        assertThat(proxied).containsExactlyElementsOf(direct);
    }

    @ParameterizedTest(name = "prepared, Connector/J {0}")
    @ValueSource(strings = {"useServerPrepStmts=true", "useServerPrepStmts=false"})
    void preparedStatementsMatch(String options) throws SQLException {
        List<Object[]> statements = List.of(
                new Object[] {"CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(8,3), at DATETIME)"},
                new Object[] {"INSERT INTO p VALUES (?, ?, ?, ?)", 1, "one", new java.math.BigDecimal("1.250"),
                        java.sql.Timestamp.valueOf("2024-05-06 07:08:09")},
                new Object[] {"INSERT INTO p VALUES (?, ?, ?, ?)", 2, null, null, null},
                new Object[] {"SELECT * FROM p WHERE id >= ? ORDER BY id", 1},
                new Object[] {"SELECT name, amount FROM p WHERE name = ?", "one"},
                new Object[] {"UPDATE p SET amount = amount + ? WHERE id = ?", 2, 1},
                new Object[] {"SELECT * FROM p WHERE id = ?", 1},
                new Object[] {"SELECT * FROM nope WHERE id = ?", 1},
                new Object[] {"DROP TABLE p"});
        List<String> direct;
        try (Connection c = DriverManager.getConnection(backends.primary(0).jdbcUrl("passthrough_direct") + "?" + options,
                backends.primary(0).user(), backends.primary(0).password())) {
            direct = new Transcript().runPrepared(c, statements).lines();
        }
        List<String> proxied;
        try (Connection c = proxy.connect(options)) {
            proxied = new Transcript().runPrepared(c, statements).lines();
        }
        assertThat(proxied).containsExactlyElementsOf(direct);
    }

    @ParameterizedTest(name = "MariaDB Connector/J {0}")
    @ValueSource(strings = {"", "useServerPrepStmts=true"})
    void mariadbConnectorJ(String options) throws SQLException {
        String query = options.isEmpty() ? "" : "?" + options;
        List<String> direct;
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + backends.primary(0).address()
                + "/passthrough_direct" + query, backends.primary(0).user(), backends.primary(0).password())) {
            direct = new Transcript().run(c, SESSION).lines();
        }
        List<String> proxied;
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/"
                + proxy.schema() + query, ProxyFixture.USER, ProxyFixture.PASSWORD)) {
            proxied = new Transcript().run(c, SESSION).lines();
        }
        assertThat(proxied).containsExactlyElementsOf(direct);
    }

    @org.junit.jupiter.api.Test
    void hikariPoolWithInitSqlAndValidation() throws SQLException {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(proxy.jdbcUrl(""));
        cfg.setUsername(ProxyFixture.USER);
        cfg.setPassword(ProxyFixture.PASSWORD);
        cfg.setMaximumPoolSize(4);
        cfg.setConnectionInitSql("SET SESSION time_zone = '+02:00'");
        cfg.setConnectionTestQuery("SELECT 1");
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection(); var rs = c.createStatement().executeQuery("SELECT @@time_zone")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("+02:00");
                }
            }
        }
    }
}
