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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The apply join: a join whose inner table is sharded and joined on its shard key reads the outer side's join
 * values first and sends the inner table's statement with those values as IN lists, of at most 500 values, to
 * only the shards they route to. Which statements reached which shard table is read from each primary's
 * general log, directly on the backend (the proxy runs without replicas, so every read is on a primary).
 *
 * <p>accounts (hash-mod on id: shard = id mod 4, shards 0 and 1 on ds0, 2 and 3 on ds1) is the inner table;
 * orders (hash-mod on user_id) and picks (unsharded) drive.
 */
@ExtendWith(SharedBackends.class)
class ApplyJoinIT {

    private static final String SCHEMA = "apply_join_it";
    private static final String YAML = """
            schemas:
              - name: %s
                default-node: ds0
                tables:
                  - {name: accounts, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
            """;
    private static final int ACCOUNTS = 2000;
    /** Orders of user 6: one per account 1..1200 (order_id 100 + account). */
    private static final int MANY = 1200;
    private static final Pattern ACCOUNT_TABLE = Pattern.compile("accounts_000(\\d)");
    private static final Pattern IN_LIST = Pattern.compile(" IN \\(([^)]*)\\)");

    private static Backends backends;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends b) throws SQLException {
        backends = b;
        proxy = ProxyFixture.start(b, SCHEMA, YAML, false);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)");
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "account_id BIGINT NULL)");
            s.execute("CREATE TABLE picks (id INT NOT NULL PRIMARY KEY, account_id BIGINT NULL, label VARCHAR(10) NULL)");
            s.executeUpdate("INSERT INTO accounts (id, name) VALUES " + LongStream.rangeClosed(1, ACCOUNTS)
                    .mapToObj(i -> "(" + i + ", 'acct-" + i + "')").collect(Collectors.joining(", ")));
            // user 5: accounts 4 and 8, none, and 4004, which no account has; all on shard 0
            s.executeUpdate("INSERT INTO orders (order_id, user_id, account_id) VALUES (1, 5, 4), (2, 5, 8), "
                    + "(3, 5, NULL), (4, 5, 4004)");
            s.executeUpdate("INSERT INTO orders (order_id, user_id, account_id) VALUES " + LongStream
                    .rangeClosed(1, MANY).mapToObj(i -> "(" + (100 + i) + ", 6, " + i + ")")
                    .collect(Collectors.joining(", ")));
            // the unsharded table's values: accounts 1, 5 and 9 (shard 1) and a NULL
            s.executeUpdate("INSERT INTO picks (id, account_id, label) VALUES (1, 1, 'a'), (2, 5, '5'), (3, 9, NULL), "
                    + "(4, NULL, 'b'), (5, 5, NULL)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anOuterSideOnOneShardSendsTheInnerSideOnlyToTheShardOfItsValues() throws SQLException {
        String sql = "SELECT o.order_id, a.name FROM orders o LEFT JOIN accounts a ON a.id = o.account_id "
                + "WHERE o.user_id = 5 ORDER BY o.order_id";
        List<String> expected = List.of("1:acct-4", "2:acct-8", "3:null", "4:null");
        List<String> statements = logged(() -> {
            try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                assertThat(pairs(s.executeQuery(sql))).containsExactlyElementsOf(expected);
            }
        });
        assertThat(statements).hasSize(1);
        assertThat(shardOf(statements.getFirst())).isZero();
        assertThat(values(statements.getFirst())).containsExactlyInAnyOrder(4L, 8L, 4004L);

        // server-prepared: the key bound as a parameter, rows in the binary protocol
        List<String> prepared = logged(() -> {
            try (Connection c = proxy.connect("useServerPrepStmts=true");
                 PreparedStatement ps = c.prepareStatement(sql.replace("o.user_id = 5", "o.user_id = ?"))) {
                ps.setLong(1, 5);
                assertThat(pairs(ps.executeQuery())).containsExactlyElementsOf(expected);
            }
        });
        assertThat(prepared).hasSize(1);
        assertThat(shardOf(prepared.getFirst())).isZero();
    }

    @Test
    void manyValuesGoInBatchesOfAtMost500EachToTheShardTheyRouteTo() throws SQLException {
        List<String> statements = logged(() -> {
            try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                List<String> rows = pairs(s.executeQuery("SELECT o.order_id, a.name FROM orders o JOIN accounts a "
                        + "ON a.id = o.account_id WHERE o.user_id = 6 ORDER BY o.order_id"));
                assertThat(rows).hasSize(MANY).startsWith("101:acct-1").endsWith("1300:acct-1200");
            }
        });
        // 1200 values: three lists of at most 500, each split by shard
        assertThat(statements).hasSizeBetween(4, 12);
        Set<Long> seen = new TreeSet<>();
        for (String statement : statements) {
            List<Long> values = values(statement);
            assertThat(values).hasSizeLessThanOrEqualTo(500);
            int shard = shardOf(statement);
            assertThat(values).allSatisfy(v -> assertThat(v % 4).isEqualTo(shard));
            assertThat(values).allSatisfy(v -> assertThat(seen.add(v)).as("%d sent once", v).isTrue());
        }
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, MANY).boxed().toList());
    }

    @Test
    void anUnshardedDrivingTableReadsOnlyTheShardOfItsValues() throws SQLException {
        List<String> statements = logged(() -> {
            try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                assertThat(pairs(s.executeQuery("SELECT p.id, a.name FROM picks p LEFT JOIN accounts a "
                        + "ON a.id = p.account_id ORDER BY p.id")))
                        .containsExactly("1:acct-1", "2:acct-5", "3:acct-9", "4:null", "5:acct-5");
            }
        });
        assertThat(statements).hasSize(1);
        assertThat(shardOf(statements.getFirst())).isEqualTo(1);
        assertThat(values(statements.getFirst())).containsExactlyInAnyOrder(1L, 5L, 9L);
    }

    @Test
    void anOuterSideWithNoValueSendsOneStatementThatFindsNothing() throws SQLException {
        List<String> statements = logged(() -> {
            try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                assertThat(pairs(s.executeQuery("SELECT p.id, a.name FROM picks p LEFT JOIN accounts a "
                        + "ON a.id = p.account_id WHERE p.id = 4"))).containsExactly("4:null");
                assertThat(pairs(s.executeQuery("SELECT o.order_id, a.name FROM orders o JOIN accounts a "
                        + "ON a.id = o.account_id WHERE o.user_id = 7"))).isEmpty();
            }
        });
        // at most one statement per join, for the inner side's columns, and none reading an account
        assertThat(statements).hasSizeLessThanOrEqualTo(2).allSatisfy(st -> assertThat(values(st)).isEmpty());
    }

    @Test
    void insideATransactionBothReadsSeeItsUncommittedRows() throws SQLException {
        String sql = "SELECT o.order_id, a.name FROM orders o LEFT JOIN accounts a ON a.id = o.account_id "
                + "WHERE o.user_id = 5 ORDER BY o.order_id";
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO accounts (id, name) VALUES (2008, 'fresh')");
            s.executeUpdate("INSERT INTO orders (order_id, user_id, account_id) VALUES (5000, 5, 2008)");
            assertThat(pairs(s.executeQuery(sql))).containsExactly("1:acct-4", "2:acct-8", "3:null", "4:null",
                    "5000:fresh");
            c.rollback();
            assertThat(pairs(s.executeQuery(sql))).containsExactly("1:acct-4", "2:acct-8", "3:null", "4:null");
        }
    }

    @Test
    void aStringAgainstTheNumericShardKeyIsRefusedAsByTheHashJoinAndTheSessionGoesOn() throws SQLException {
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> pairs(s.executeQuery("SELECT p.id, a.name FROM picks p JOIN accounts a "
                    + "ON a.id = p.label"))).isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1235);
                        assertThat(e.getSQLState()).isEqualTo("42000");
                    });
            assertThat(pairs(s.executeQuery("SELECT p.id, a.name FROM picks p JOIN accounts a ON a.id = p.account_id"
                    + " WHERE p.id = 1"))).containsExactly("1:acct-1");
        }
    }

    @Test
    void moreOuterValuesThanTheJoinBudgetRunTheHashJoin() throws SQLException {
        String budget = withoutReplicas().replace("proxy:\n", "proxy:\n  max-join-rows: 20\n");
        proxy.server().apply(ConfigLoader.parse(budget, "budget.yaml"));
        try {
            List<String> statements = logged(() -> {
                try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
                    // 30 outer values, over the budget; the inner side's own condition leaves 20 rows to hold
                    List<String> rows = pairs(s.executeQuery("SELECT o.order_id, a.name FROM orders o JOIN accounts a"
                            + " ON a.id = o.account_id AND a.id <= 20 WHERE o.user_id = 6 AND o.account_id <= 30"
                            + " ORDER BY o.order_id"));
                    assertThat(rows).hasSize(20).startsWith("101:acct-1").endsWith("120:acct-20");
                }
            });
            // every shard read whole under its condition, without a list of values
            assertThat(statements).hasSize(4).allSatisfy(st -> assertThat(st).doesNotContain(" IN ("));
            assertThat(statements.stream().map(ApplyJoinIT::shardOf).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(0, 1, 2, 3);
        } finally {
            proxy.server().apply(ConfigLoader.parse(withoutReplicas(), "test.yaml"));
        }
    }

    /** The test's config as the fixture started it: reads on the primaries, whose general logs are read. */
    private static String withoutReplicas() {
        return ProxyFixture.yaml(backends, YAML.formatted(SCHEMA)).lines()
                .filter(line -> !line.strip().startsWith("replicas:")).collect(Collectors.joining("\n", "", "\n"));
    }

    /** Work that sends statements through the proxy. */
    private interface Work {
        void run() throws SQLException;
    }

    /**
     * The statements that read an accounts shard table while {@code work} ran, from every primary's general
     * log (the log is on only meanwhile).
     */
    private static List<String> logged(Work work) throws SQLException {
        List<Connection> direct = new ArrayList<>();
        try {
            for (BackendEndpoint p : backends.primaries()) {
                Connection c = DriverManager.getConnection(p.jdbcUrl(), "root", p.rootPassword());
                direct.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SET GLOBAL general_log = 'OFF'");
                    s.execute("SET GLOBAL log_output = 'TABLE'");
                    s.execute("TRUNCATE TABLE mysql.general_log");
                    s.execute("SET GLOBAL general_log = 'ON'");
                }
            }
            work.run();
            List<String> out = new ArrayList<>();
            for (Connection c : direct) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET GLOBAL general_log = 'OFF'");
                    try (ResultSet rs = s.executeQuery("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log"
                            + " WHERE command_type IN ('Query', 'Execute') AND argument LIKE '%accounts_000%'")) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                }
            }
            return out;
        } finally {
            for (Connection c : direct) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET GLOBAL general_log = 'OFF'");
                }
                c.close();
            }
        }
    }

    private static int shardOf(String statement) {
        Matcher m = ACCOUNT_TABLE.matcher(statement);
        assertThat(m.find()).as(statement).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The values of the statement's IN list; empty for none or {@code (NULL)}. */
    private static List<Long> values(String statement) {
        Matcher m = IN_LIST.matcher(statement);
        if (!m.find() || m.group(1).strip().equalsIgnoreCase("NULL")) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        for (String v : m.group(1).split(",")) {
            out.add(Long.parseLong(v.strip()));
        }
        return out;
    }

    private static List<String> pairs(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getLong(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }
}
